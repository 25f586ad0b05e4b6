package dev.jackpot.worker.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-layer tensors copied out as float arrays in logical row-major ('c') order. DL4J keeps dense weights in
 * 'f' order views of one flat array; copying in a fixed logical order makes position i mean the same weight in
 * every array compared (weights at the start, at the end, and the mask).
 */
public final class LayerArrays {
    private LayerArrays() {}

    public static float[] copy(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** A copy of each tensor, in the map's order; safe to keep after the network trains on. */
    public static Map<String, float[]> copy(Map<String, INDArray> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, copy(t)));
        return out;
    }
}
