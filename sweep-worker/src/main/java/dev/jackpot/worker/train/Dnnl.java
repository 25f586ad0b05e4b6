package dev.jackpot.worker.train;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw8c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * A thin layer over oneDNN's C API (the {@code org.bytedeco:dnnl} 2.5.2 binding, the same oneDNN release ND4J's
 * {@code onednn-avx2} build embeds), for {@link ConvGraphStep}: one engine and stream, memory descriptors and
 * objects, and primitives created once and executed many times. Everything created through an instance is
 * released by {@link #close}.
 *
 * <p>Why not ND4J's {@code conv2d} ops, which call oneDNN too: libnd4j builds the primitive descriptor anew and
 * reorders source, weights and result between NCHW and oneDNN's blocked layout on every call, which on a one-thread
 * ResNet-8 step cost more than the convolution kernels themselves (docs/BENCHMARKS.md). Here activations stay in
 * the blocked layout for the whole step and only the (small) weights are reordered.
 */
final class Dnnl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dnnl.class);
    private static volatile Boolean loaded;

    final dnnl_engine engine = new dnnl_engine();
    final dnnl_stream stream = new dnnl_stream();
    /** The channel block of activations (nChw16c or nChw8c): see {@link #blocks()}. */
    final int block;
    final int blockedTag;
    private final List<dnnl_memory> memories = new ArrayList<>();
    private final List<dnnl_primitive> primitives = new ArrayList<>();
    private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();
    private boolean closed;

    /** Whether oneDNN's native library loads here (it ships with the {@code onednn-avx2} Maven profile only). */
    static boolean available() {
        if (loaded == null) {
            synchronized (Dnnl.class) {
                if (loaded == null) {
                    try {
                        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                        loaded = true;
                    } catch (Throwable e) {
                        LOG.info("oneDNN is not available ({}); conv nets train through DL4J's layers", e.toString());
                        loaded = false;
                    }
                }
            }
        }
        return loaded;
    }

    /**
     * The channel blocks of activations worth trying here, the widest first: 16 where oneDNN runs AVX-512 kernels,
     * then 8 (its AVX2 kernels run there too, and have jit code for some shapes the AVX-512 ones leave to the
     * reference code, e.g. 8 channels); only 8 on AVX2 and SSE4.1 CPUs.
     */
    static int[] blocks() {
        // dnnl_cpu_isa_avx512_core = 0x27 (a bit set over avx2's 0x7).
        boolean avx512 = (dnnl_get_effective_cpu_isa() & 0x27) == 0x27;
        return avx512 ? new int[] {16, 8} : new int[] {8};
    }

    /** @param block 8 or 16, from {@link #blocks()} */
    Dnnl(int block) {
        if (block != 8 && block != 16) {
            throw new IllegalArgumentException("channel block " + block + ": 8 or 16");
        }
        this.block = block;
        this.blockedTag = block == 16 ? dnnl_nChw16c : dnnl_nChw8c;
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine");
        int stream = dnnl_stream_create(this.stream, engine, dnnl_stream_default_flags);
        if (stream != dnnl_success) {
            dnnl_engine_destroy(engine);
            check(stream, "stream");
        }
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed (status " + status + "): " + what);
        }
    }

    static dnnl_memory_desc_t md(int tag, long... dims) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory descriptor");
        return md;
    }

    /** A memory object over {@code handle} (memory the caller owns and keeps alive), described by {@code md}. */
    dnnl_memory memory(dnnl_memory_desc_t md, Pointer handle) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, md, engine, handle), "memory");
        memories.add(m);
        return m;
    }

    static void point(dnnl_memory m, Pointer handle) {
        check(dnnl_memory_set_data_handle(m, handle), "set data handle");
    }

    /** The primitive descriptor of {@code opDesc}; {@code hint} is the forward one for backward primitives. */
    dnnl_primitive_desc descriptor(Pointer opDesc, dnnl_primitive_desc hint, String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), null, engine, hint), what);
        descriptors.add(pd);
        return pd;
    }

    /** The implementation oneDNN chose, e.g. "jit:avx2"; "ref:any" is its slow reference code. */
    static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> out = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out), "query implementation");
        return out.get(BytePointer.class, 0).getString();
    }

    /** A primitive with its arguments bound: {@code args} alternates DNNL_ARG_* keys and memory objects. */
    Call call(dnnl_primitive_desc pd, Object... args) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), "primitive");
        primitives.add(p);
        return new Call(p, args);
    }

    /** A reorder between two descriptions of the same tensor, bound to its two memory objects. */
    Call reorder(dnnl_memory_desc_t from, dnnl_memory fromMemory, dnnl_memory_desc_t to, dnnl_memory toMemory) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, null), "reorder");
        descriptors.add(pd);
        return call(pd, DNNL_ARG_FROM, fromMemory, DNNL_ARG_TO, toMemory);
    }

    /** A primitive and its bound arguments, executed synchronously on the instance's stream. */
    final class Call {
        private final dnnl_primitive primitive;
        private final dnnl_exec_arg_t args;
        private final int count;

        private Call(dnnl_primitive primitive, Object[] keysAndMemories) {
            this.primitive = primitive;
            this.count = keysAndMemories.length / 2;
            this.args = new dnnl_exec_arg_t(count);
            for (int i = 0; i < count; i++) {
                args.position(i).arg((Integer) keysAndMemories[2 * i]).memory((dnnl_memory) keysAndMemories[2 * i + 1]);
            }
            args.position(0);
        }

        void run() {
            check(dnnl_primitive_execute(primitive, stream, count, args), "execute");
            check(dnnl_stream_wait(stream), "wait");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        primitives.forEach(p -> dnnl_primitive_destroy(p));
        descriptors.forEach(d -> dnnl_primitive_desc_destroy(d));
        memories.forEach(m -> dnnl_memory_destroy(m));
        primitives.clear();
        descriptors.clear();
        memories.clear();
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
    }
}
