package dev.jackpot.worker.model;

/** The dense networks: LeNet-300-100 and the residual-capable MLP. */
final class Mlp {
    private Mlp() {}

    /** LeNet-300-100: input -> 300w -> 100w, ReLU. */
    static String lenet300(LayerStack s, String input, double width) {
        String x = s.dense("fc1", input, Networks.scaled(300, width));
        return s.dense("fc2", x, Networks.scaled(100, width));
    }

    /**
     * A projection to 256w units, then {@code blocks} dense layers of that width. With residual on, block i
     * computes x + relu(W x + b) (an identity skip, no extra parameters); off, it computes relu(W x + b).
     */
    static String resmlp(LayerStack s, String input, int blocks, double width, boolean residual) {
        int hidden = Networks.scaled(Architectures.RESMLP_BASE_WIDTH, width);
        String x = s.dense("proj", input, hidden);
        for (int i = 1; i <= blocks; i++) {
            String fc = s.dense("block" + i, x, hidden);
            x = residual ? s.add("skip" + i, x, fc) : fc;
        }
        return x;
    }
}
