package dev.jackpot.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The standard CIFAR training augmentation, as torchvision's {@code RandomCrop(32, padding=4)} followed by
 * {@code RandomHorizontalFlip()}: each image is padded by {@code pad} pixels on every side, a window of the
 * original size is cut at a uniformly random offset, and the result is mirrored left-right with probability 1/2.
 *
 * <p>It works on normalised rows, so the padding is each channel's normalised black ({@code fill}), which is what
 * torchvision's zero padding of the raw image becomes after {@code Normalize}.
 *
 * <p>Per image it draws, in this order, the row offset, the column offset (each in 0..2 pad) and the flip, all
 * from the given random source, so a seed fixes the whole augmentation.
 */
public final class CropFlip {
    private final int channels;
    private final int height;
    private final int width;
    private final int pad;
    private final float[] fill;

    /** @param fill the padding value of each channel */
    public CropFlip(int channels, int height, int width, int pad, float[] fill) {
        if (fill.length != channels) {
            throw new IllegalArgumentException("one fill value per channel: " + channels + " channels, "
                    + fill.length + " values");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pad = pad;
        this.fill = fill.clone();
    }

    /** A new batch: each row of {@code batch} ({@code [n, c*h*w]}, channel-major) cropped and maybe flipped. */
    public INDArray apply(INDArray batch, SplittableRandom random) {
        int n = (int) batch.rows();
        int plane = height * width;
        int image = channels * plane;
        float[] in = batch.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            int dy = random.nextInt(2 * pad + 1) - pad;
            int dx = random.nextInt(2 * pad + 1) - pad;
            boolean flip = random.nextBoolean();
            for (int c = 0; c < channels; c++) {
                int from = i * image + c * plane;
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < width; x++) {
                        // Crop first, then flip the cropped window: output column x shows window column w-1-x.
                        int sx = (flip ? width - 1 - x : x) + dx;
                        boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                        out[from + y * width + x] = inside ? in[from + sy * width + sx] : fill[c];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, image}, 'c');
    }
}
