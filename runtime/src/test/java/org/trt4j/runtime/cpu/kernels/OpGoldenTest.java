package org.trt4j.runtime.cpu.kernels;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.trt4j.runtime.cpu.kernels.Goldens.assertClose;
import static org.trt4j.runtime.cpu.kernels.Goldens.assertSameInts;

/** Every kernel against PyTorch results on the inputs and parameters stored in the goldens. */
class OpGoldenTest {

    private static Stream<DynamicTest> each(String family, String prefix, Consumer<Goldens.Case> check) {
        return Goldens.load(family, prefix).values().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check.accept(c)));
    }

    @TestFactory Stream<DynamicTest> convolution() {
        return each("conv", "conv", c -> {
            int[] pre = c.ints("pre");
            HostTensor y = Convolution.convolution(c.tensor("x"), c.tensor("w"), c.optional("b"), c.ints("stride"), pre,
                    c.ints("post"), c.ints("dilation"), c.integer("groups"));
            assertClose(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> deconvolution() {
        return each("conv", "deconv", c -> {
            HostTensor y = Convolution.deconvolution(c.tensor("x"), c.tensor("w"), c.optional("b"), c.ints("stride"),
                    c.ints("padding"), c.ints("output_padding"), c.ints("dilation"), c.integer("groups"));
            assertClose(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> activation() {
        return each("pointwise", "act_", c -> assertClose(c.get("out"),
                Activation.activation(c.tensor("x"), Activation.Kind.valueOf(c.kind("act_")), c.number("alpha"), c.number("beta")), c.name()));
    }

    @TestFactory Stream<DynamicTest> unary() {
        return each("pointwise", "unary_", c -> assertClose(c.get("out"),
                Unary.unary(c.tensor("x"), Unary.Kind.valueOf(c.kind("unary_"))), c.name()));
    }

    @TestFactory Stream<DynamicTest> floatElementWise() {
        return each("pointwise", "binary_", c -> {
            String kind = c.kind("binary_").replaceAll("\\d+$", ""); // pow2 -> POW
            HostTensor y = ElementWise.elementWise(c.tensor("a"), c.tensor("b"), ElementWise.Kind.valueOf(kind));
            if (c.get("out").isInteger()) assertSameInts(c.get("out"), y, c.name());
            else assertClose(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> intElementWise() {
        return each("pointwise", "intbinary_", c -> assertSameInts(c.get("out"),
                ElementWise.elementWise(c.tensor("a"), c.tensor("b"), ElementWise.Kind.valueOf(c.kind("intbinary_"))), c.name()));
    }

    @TestFactory Stream<DynamicTest> logical() {
        return each("pointwise", "logical_", c -> {
            HostTensor y = ElementWise.elementWise(c.bool("a"), c.bool("b"), ElementWise.Kind.valueOf(c.kind("logical_")));
            assertEquals(DType.BOOL, y.dtype());
            assertSameInts(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> select() {
        return each("pointwise", "select", c -> assertClose(c.get("out"),
                ElementWise.select(c.bool("cond"), c.tensor("a"), c.tensor("b")), c.name()));
    }

    @TestFactory Stream<DynamicTest> scale() {
        return each("pointwise", "scale_", c -> {
            int n = c.get("shift").size();
            Scale.Mode mode = n == 1 ? Scale.Mode.UNIFORM : n == 3 ? Scale.Mode.CHANNEL : Scale.Mode.ELEMENTWISE;
            float[] power = c.has("power") ? c.get("power").floats() : null;
            assertClose(c.get("out"), Scale.scale(c.tensor("x"), mode, 1, c.get("shift").floats(), c.get("scale").floats(), power), c.name());
        });
    }

    @TestFactory Stream<DynamicTest> pooling() {
        return each("pool", "pool", c -> {
            int[] pad = c.ints("padding");
            HostTensor y = Pooling.pool(c.tensor("x"), c.integer("kind") == 0 ? Pooling.Kind.MAX : Pooling.Kind.AVERAGE,
                    c.ints("kernel"), c.ints("stride"), pad, pad, c.flag("ceil"), c.flag("count_include_pad"));
            assertClose(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> resize() {
        return each("resize", "resize", c -> {
            float[] s = c.get("scales").floats();
            double[] scales = new double[s.length];
            // The factors are decimal literals (1.7) stored as float32; PyTorch had the double 1.7.
            for (int i = 0; i < s.length; i++) scales[i] = Double.parseDouble(Float.toString(s[i]));
            HostTensor y = Resize.resize(c.tensor("x"), c.ints("out_shape"), scales,
                    Resize.Mode.values()[c.integer("mode")], Resize.CoordinateTransform.values()[c.integer("transform")],
                    Resize.NearestRounding.values()[c.integer("rounding")], -0.75f);
            assertClose(c.get("out"), y, c.name());
        });
    }

    @TestFactory Stream<DynamicTest> concat() {
        return each("layout", "concat", c -> {
            List<HostTensor> inputs = c.fields().keySet().stream().filter(k -> k.startsWith("in")).sorted().map(c::tensor).toList();
            assertClose(c.get("out"), Layout.concat(c.integer("axis"), inputs.toArray(HostTensor[]::new)), c.name());
        });
    }

    @TestFactory Stream<DynamicTest> slice() {
        return each("layout", "slice", c -> assertClose(c.get("out"),
                Layout.slice(c.tensor("x"), c.ints("start"), c.ints("size"), c.ints("stride")), c.name()));
    }

    @TestFactory Stream<DynamicTest> transpose() {
        return each("layout", "transpose", c -> assertClose(c.get("out"), Layout.transpose(c.tensor("x"), c.ints("perm")), c.name()));
    }

    @TestFactory Stream<DynamicTest> pad() {
        return each("layout", "pad", c -> {
            HostTensor x = c.tensor("x");
            int[] pads = c.ints("pads"), pre = new int[x.rank()], post = new int[x.rank()];
            for (int i = 0; i < pads.length / 2; i++) { // F.pad order: last dim first
                pre[x.rank() - 1 - i] = pads[2 * i];
                post[x.rank() - 1 - i] = pads[2 * i + 1];
            }
            assertClose(c.get("out"), Padding.pad(x, pre, post, Padding.Mode.values()[c.integer("mode")], c.number("value")), c.name());
        });
    }

    @TestFactory Stream<DynamicTest> gather() {
        return Stream.concat(
                each("layout", "gather", c -> {
                    if (c.name().startsWith("gatherel")) return;
                    assertClose(c.get("out"), Indexing.gather(c.tensor("x"), c.tensor("indices"), c.integer("axis")), c.name());
                }),
                each("layout", "gatherel", c -> assertClose(c.get("out"),
                        Indexing.gatherElements(c.tensor("x"), c.tensor("indices"), c.integer("axis")), c.name())));
    }

    @TestFactory Stream<DynamicTest> cast() {
        return Stream.of(
                DynamicTest.dynamicTest("cast_int", () -> {
                    Goldens.Case c = Goldens.load("layout", "cast_int").get("cast_int");
                    assertSameInts(c.get("out"), Indexing.cast(c.tensor("x"), DType.INT32), c.name());
                }),
                DynamicTest.dynamicTest("cast_bool", () -> {
                    Goldens.Case c = Goldens.load("layout", "cast_bool").get("cast_bool");
                    HostTensor y = Indexing.cast(c.tensor("x"), DType.BOOL);
                    assertEquals(DType.BOOL, y.dtype());
                    assertSameInts(c.get("out"), y, c.name());
                }));
    }

    @TestFactory Stream<DynamicTest> reduce() {
        return each("reduce", "reduce", c -> assertClose(c.get("out"), Reduction.reduce(c.tensor("x"),
                Reduction.Kind.values()[c.integer("kind")], c.ints("axes"), c.flag("keep")), c.name()));
    }

    @TestFactory Stream<DynamicTest> softmax() {
        return each("reduce", "softmax", c -> assertClose(c.get("out"), Reduction.softmax(c.tensor("x"), c.integer("axis")), c.name()));
    }

    @TestFactory Stream<DynamicTest> topK() {
        return each("reduce", "topk", c -> {
            HostTensor[] r = Reduction.topK(c.tensor("x"), c.integer("k"), c.integer("axis"), c.flag("largest"));
            assertClose(c.get("values"), r[0], c.name() + " values");
            assertSameInts(c.get("indices"), r[1], c.name() + " indices");
        });
    }

    @TestFactory Stream<DynamicTest> matMul() {
        return each("reduce", "matmul", c -> {
            int[] t = c.ints("trans");
            assertClose(c.get("out"), MatMul.matMul(c.tensor("a"), c.tensor("b"), t[0] != 0, t[1] != 0), c.name());
        });
    }

    /** Guards the golden files themselves: a truncated or regenerated-empty family would otherwise pass vacuously. */
    @TestFactory Stream<DynamicTest> everyFamilyHasCases() {
        return Stream.of("conv", "pointwise", "pool", "resize", "layout", "reduce").map(f -> DynamicTest.dynamicTest(f, () ->
                assertTrue(Goldens.load(f, "").size() >= 10, f + ".npz has too few cases: " + Arrays.toString(
                        Goldens.load(f, "").keySet().toArray()))));
    }
}
