package org.halodse.dse.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Evaluation;

/**
 * Binary checkpoint file, written atomically: the bytes go to a temporary file in the same folder,
 * are forced to disk, and the file is renamed over the old checkpoint, so a kill at any moment
 * leaves either the old or the new checkpoint, whole. Doubles are stored bit for bit; a CRC-32
 * trailer catches a damaged file.
 */
public final class CheckpointFile {
    private static final long MAGIC = 0x48414C4F44534531L; // "HALODSE1"
    private static final int VERSION = 1;

    private CheckpointFile() {
    }

    public static void write(Path file, Checkpoint cp) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(cp.fingerprint());
            out.writeLong(cp.generation());
            out.writeLong(cp.randomState());
            out.writeLong(cp.stall());
            List<Archive.Entry> all = cp.archive().all();
            out.writeInt(all.size());
            for (Archive.Entry e : all) {
                Candidate c = e.candidate();
                out.writeInt(c.size());
                for (int i = 0; i < c.size(); i++) out.writeInt(c.gene(i));
                double[] f = e.evaluation().objectivesView();
                out.writeInt(f.length);
                for (double v : f) out.writeLong(Double.doubleToRawLongBits(v));
                out.writeLong(Double.doubleToRawLongBits(e.evaluation().violation()));
                Map<String, String> md = e.evaluation().metadata();
                out.writeInt(md.size());
                for (var m : new java.util.TreeMap<>(md).entrySet()) {
                    out.writeUTF(m.getKey());
                    out.writeUTF(m.getValue());
                }
            }
            int[] pop = cp.population();
            out.writeInt(pop.length);
            for (int p : pop) out.writeInt(p);
            out.flush();
            CRC32 crc = new CRC32();
            byte[] body = bytes.toByteArray();
            crc.update(body);
            Path abs = file.toAbsolutePath();
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(body);
                    while (b.hasRemaining()) ch.write(b);
                    ByteBuffer t = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();
                    while (t.hasRemaining()) ch.write(t);
                    ch.force(true);
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + file + ": cannot write", e);
        }
    }

    /** Reads a checkpoint; throws {@link IllegalStateException} naming the file if it is not a whole, valid one. */
    public static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + file + ": cannot read", e);
        }
        if (all.length < 20) throw new IllegalStateException("checkpoint " + file + ": truncated (" + all.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) throw new IllegalStateException("checkpoint " + file + ": CRC mismatch (damaged file)");
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readLong() != MAGIC) throw new IllegalStateException("checkpoint " + file + ": not a HALO-DSE checkpoint");
            int v = in.readInt();
            if (v != VERSION) throw new IllegalStateException("checkpoint " + file + ": version " + v + ", expected " + VERSION);
            String fp = in.readUTF();
            long gen = in.readLong();
            long rs = in.readLong();
            long stall = in.readLong();
            int n = in.readInt();
            Archive archive = new Archive();
            for (int k = 0; k < n; k++) {
                int[] g = new int[in.readInt()];
                for (int i = 0; i < g.length; i++) g[i] = in.readInt();
                double[] f = new double[in.readInt()];
                for (int i = 0; i < f.length; i++) f[i] = Double.longBitsToDouble(in.readLong());
                double viol = Double.longBitsToDouble(in.readLong());
                int mdn = in.readInt();
                Map<String, String> md = new LinkedHashMap<>();
                for (int i = 0; i < mdn; i++) md.put(in.readUTF(), in.readUTF());
                archive.add(Candidate.ofOwned(g), new Evaluation(f, viol, md));
            }
            int[] pop = new int[in.readInt()];
            for (int i = 0; i < pop.length; i++) {
                pop[i] = in.readInt();
                if (pop[i] < 0 || pop[i] >= n) throw new IllegalStateException("checkpoint " + file + ": population index out of range");
            }
            return new Checkpoint(fp, gen, rs, stall, archive, pop);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint " + file + ": malformed (" + e.getMessage() + ")", e);
        }
    }
}
