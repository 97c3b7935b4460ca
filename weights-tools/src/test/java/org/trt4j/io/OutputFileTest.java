package org.trt4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class OutputFileTest {
    @TempDir Path dir;

    @Test void writesThroughATemporaryFileIntoPlace() throws IOException {
        Path target = dir.resolve("sub/out.bin");
        OutputFile.write(target, out -> out.write(new byte[]{1, 2, 3}));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test void aFailedWriteLeavesNoPartialFileAndKeepsTheOldOne() throws IOException {
        Path target = Files.writeString(dir.resolve("out.wts"), "old");
        UserError e = assertThrows(UserError.class, () -> OutputFile.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals(target + ": cannot write (IO: disk full)", e.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        Path fresh = dir.resolve("fresh.wts");
        assertThrows(UserError.class, () -> OutputFile.write(fresh, out -> { throw new IOException("broken"); }));
        assertFalse(Files.exists(fresh));
    }

    @Test void directoryAndUnwritablePlacesAreOneClearError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("out.png"));
        assertEquals(d + ": is a directory; give a file name to write",
                assertThrows(UserError.class, () -> OutputFile.checkWritable(d)).getMessage());
        Path file = Files.writeString(dir.resolve("plain"), "x");
        String m = assertThrows(UserError.class, () -> OutputFile.write(file.resolve("x.wts"), out -> out.write(1))).getMessage();
        assertTrue(m.startsWith(file.resolve("x.wts") + ": cannot create its directory"), m);
    }
}
