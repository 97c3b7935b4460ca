package org.trt4j.runtime.graph;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The visitor has exactly one method per op record, so every consumer must handle every op to compile. */
class OpVisitorTest {

    @Test void oneVisitorMethodPerOpRecord() {
        Set<String> ops = new TreeSet<>(), visited = new TreeSet<>();
        for (Class<?> op : Op.class.getPermittedSubclasses()) {
            assertTrue(op.isRecord(), op + " is not a record");
            ops.add(op.getSimpleName());
        }
        for (Method m : OpVisitor.class.getDeclaredMethods()) {
            assertEquals(1, m.getParameterCount(), m.toString());
            Class<?> param = m.getParameterTypes()[0];
            assertEquals(Character.toLowerCase(param.getSimpleName().charAt(0)) + param.getSimpleName().substring(1), m.getName());
            visited.add(param.getSimpleName());
        }
        assertEquals(ops, visited);
        assertEquals(ops.size(), OpVisitor.class.getDeclaredMethods().length);
    }

    @Test void acceptCallsTheMethodOfTheOpsOwnRecord() {
        OpVisitor<String> names = (OpVisitor<String>) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{OpVisitor.class}, (proxy, method, args) -> method.getName() + ":" + args[0].getClass().getSimpleName());
        assertEquals("fill:Fill", new Op.Fill(0, 0, 1, DType.FLOAT).accept(names));
        assertEquals("identity:Identity", new Op.Identity().accept(names));
        assertEquals("elementWise:ElementWise", new Op.ElementWise(Op.ElementWiseOperation.SUM).accept(names));
    }
}
