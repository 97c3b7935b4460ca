package org.trt4j.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.WeightCheckError;
import org.trt4j.weights.WeightMap;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** trt4j inspect on the test network "tiny" (registered through the test class path's META-INF/services). */
class InspectCommandTest {
    private static final String WTS = "src/test/resources/golden/network/tiny.wts";

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new InspectCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test void tableListsLayersShapesAndTotals() {
        String[] r = run("tiny", "--weights", WTS, "--input-shape", "x=2x3x8x12");
        assertEquals("0", r[0], r[2]);
        String text = r[1];
        assertTrue(text.contains("input  x  FLOAT 2x3x8x12"), text);
        assertTrue(text.matches("(?s).*\\n\\s+0  stem\\.0\\s+Convolution\\s+2x8x8x12\\s+216  3x3 s1 p1\\n.*"), text);
        assertTrue(text.matches("(?s).*resize\\s+Resize\\s+2x4x8x12\\s+LINEAR HALF_PIXEL scales \\[1\\.0, 1\\.0, 2\\.0, 2\\.0]\\n.*"), text);
        assertTrue(text.contains("output logits  FLOAT 2x5"), text);
        assertTrue(text.contains("16 layers, 711 parameters"), text);
    }

    @Test void jsonWithoutWeightsShowsDynamicShapesAndExpectedKeys() throws Exception {
        String[] r = run("tiny", "--json", "--option", "height=16");
        assertEquals("0", r[0], r[2]);
        JsonNode root = new ObjectMapper().readTree(r[1]);
        assertEquals("tiny", root.get("network").asText());
        assertEquals("[-1,3,16,-1]", root.get("inputs").get(0).get("shape").toString());
        assertEquals("[4,3,16,64]", root.get("inputs").get(0).get("max").toString());
        JsonNode first = root.get("layers").get(0);
        assertEquals("stem.0", first.get("name").asText());
        assertEquals("[-1,8,16,-1]", first.get("outputs").get(0).get("shape").toString());
        assertEquals(13, root.get("expectedWeights").size());
        assertEquals("stem.0.weight", root.get("expectedWeights").get(0).get("key").asText());
        assertFalse(root.get("weightsGiven").asBoolean());
    }

    @Test void errorsAreUserErrors() {
        assertThrows(UserError.class, () -> NetworkRegistry.find("nope"));
        assertTrue(assertThrows(UserError.class, () -> NetworkRegistry.find("nope")).getMessage().contains("available: tiny"));
        UserError e = assertThrows(UserError.class, () -> NetworkRegistry.defineWithoutWeights(NetworkRegistry.find("tiny"), Map.of("width", "3"), Map.of()));
        assertEquals("network tiny has no option 'width'; options: height=8", e.getMessage());
        e = assertThrows(UserError.class, () -> NetworkRegistry.defineWithoutWeights(NetworkRegistry.find("tiny"), Map.of(), Map.of("x", Shape.parse("1x4x8x8"))));
        assertEquals("input x: shape 1x4x8x8 differs from the declared ?x3x8x? in dim 1", e.getMessage());
        assertThrows(WeightCheckError.class, () -> NetworkRegistry.define("tiny", WeightMap.builder("empty").build(), Map.of(), Map.of()));
    }

    @Test void registryDefinesWithTheProfileShapes() {
        DefinedNetwork d = NetworkRegistry.defineWithoutWeights(NetworkRegistry.find("tiny"), Map.of(), Map.of());
        assertEquals("?x3x8x?", d.network().input("x").shape().toString());
        assertEquals("?x2x8x?", d.network().output("out").shape().toString());
    }
}
