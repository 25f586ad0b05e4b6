package org.nd4j.nativeblas;

/**
 * Compatibility shim for a class DL4J 1.0.0-M2 looks up by its old name.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} asks {@code org.nd4j.nativeblas.Nd4jCpu$Environment} whether
 * oneDNN is in use, but ND4J 1.0.0-M2 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}; the lookup fails and DL4J silently runs
 * convolution and BatchNorm without oneDNN even in the oneDNN build (about 5x slower, docs/BENCHMARKS.md). This
 * class answers under the old name by asking the real one (whose method is now called isUseONEDNN). Remove it when moving past 1.0.0-M2.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** The subset of the relocated class's API that DL4J calls, delegating to it. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
