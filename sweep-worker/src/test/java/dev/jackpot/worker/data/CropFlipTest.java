package dev.jackpot.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CropFlipTest {
    private static final int C = 3;
    private static final int H = 32;
    private static final int W = 32;
    private static final int PAD = 4;
    private static final float[] FILL = {-10f, -20f, -30f};
    private static final int N = 64;

    private final CropFlip cropFlip = new CropFlip(C, H, W, PAD, FILL);

    /** Distinct positive values, so a crop or flip can be recognised pixel for pixel. */
    private static INDArray images() {
        float[] v = new float[N * C * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Nd4j.create(v, new long[] {N, C * H * W}, 'c');
    }

    @Test
    void sameSeedSameBatchOtherSeedOtherBatch() {
        INDArray x = images();
        INDArray a = cropFlip.apply(x, new SplittableRandom(7));
        INDArray b = cropFlip.apply(x, new SplittableRandom(7));
        INDArray c = cropFlip.apply(x, new SplittableRandom(8));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(images(), x, "the input is not modified (datasets are shared read-only)");
    }

    /**
     * Every output image is exactly one of the 81 x 2 crops and flips of its input, built here the plain way
     * (pad into a 40x40 canvas, cut, mirror), and over 64 images both flips and many offsets occur.
     */
    @Test
    void everyImageIsAPaddedCropMaybeFlippedAndAllKindsOccur() {
        INDArray x = images();
        INDArray out = cropFlip.apply(x, new SplittableRandom(3));
        int flipped = 0;
        Set<String> offsets = new HashSet<>();
        for (int i = 0; i < N; i++) {
            float[] in = x.getRow(i).toFloatVector();
            float[] got = out.getRow(i).toFloatVector();
            String match = null;
            for (int top = 0; top <= 2 * PAD && match == null; top++) {
                for (int left = 0; left <= 2 * PAD && match == null; left++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (java.util.Arrays.equals(got, reference(in, top, left, flip))) {
                            match = top + "," + left + "," + flip;
                            break;
                        }
                    }
                }
            }
            assertTrue(match != null, "image " + i + " is no crop/flip of its input");
            if (match.endsWith("true")) {
                flipped++;
            }
            offsets.add(match.substring(0, match.lastIndexOf(',')));
        }
        // Binomial(64, 1/2): 32 +- 4 standard deviations is 16..48.
        assertTrue(flipped >= 16 && flipped <= 48, "flipped " + flipped + " of " + N);
        // 64 draws from 81 offsets give about 52 distinct ones; 30 is far below any plausible outcome.
        assertTrue(offsets.size() >= 30, "only " + offsets.size() + " distinct offsets");
    }

    private static float[] reference(float[] image, int top, int left, boolean flip) {
        int side = H + 2 * PAD;
        float[][][] canvas = new float[C][side][side];
        for (int c = 0; c < C; c++) {
            for (float[] row : canvas[c]) {
                java.util.Arrays.fill(row, FILL[c]);
            }
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    canvas[c][y + PAD][x + PAD] = image[c * H * W + y * W + x];
                }
            }
        }
        float[] out = new float[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float[] cropRow = canvas[c][top + y];
                    out[c * H * W + y * W + x] = flip ? cropRow[left + W - 1 - x] : cropRow[left + x];
                }
            }
        }
        return out;
    }

    @Test
    void trainingBatchesAreAugmentedOnlyWhenTheDatasetSaysSo() {
        INDArray x = images();
        INDArray y = Nd4j.eye(N).castTo(x.dataType());
        int[] classes = new int[N];
        Dataset plain = new Dataset("plain", x, y, classes, x, y, classes, H, W, C);
        Dataset augmented = new Dataset("augmented", x, y, classes, x, y, classes, H, W, C, cropFlip);
        int[] rows = {5, 2, 9};

        DataSet p = plain.trainBatch(rows, new SplittableRandom(1));
        DataSet a = augmented.trainBatch(rows, new SplittableRandom(1));

        for (int k = 0; k < rows.length; k++) {
            assertArrayEquals(x.getRow(rows[k]).toFloatVector(), p.getFeatures().getRow(k).toFloatVector());
            assertArrayEquals(y.getRow(rows[k]).toFloatVector(), a.getLabels().getRow(k).toFloatVector(),
                    "labels follow their rows");
        }
        assertNotEquals(p.getFeatures(), a.getFeatures());
        assertEquals(augmented.trainBatch(rows, new SplittableRandom(1)).getFeatures(), a.getFeatures());
    }

    @Test
    void cifarPadsWithNormalisedBlack() {
        // A black image stays black under any crop: the padding is what black normalises to.
        float[] black = new float[C * H * W];
        for (int p = 0; p < black.length; p++) {
            black[p] = Cifar10.normalise(0, p / (H * W));
        }
        INDArray x = Nd4j.create(black, new long[] {1, black.length}, 'c');
        for (int seed = 0; seed < 10; seed++) {
            assertEquals(x, Cifar10.augmentation().apply(x, new SplittableRandom(seed)));
        }
    }
}
