package io.moolah.platform.lifecycle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParentWatchTest {

    @Test
    void aRunningLauncherIsWatched() {
        assertTrue(ParentWatch.launcher(String.valueOf(ProcessHandle.current().pid())).isPresent());
    }

    @Test
    void aLauncherAlreadyGoneOrNoPidIsNoLauncher() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        assertFalse(ParentWatch.launcher(String.valueOf(finished.pid())).isPresent(), "a process that has exited");
        assertFalse(ParentWatch.launcher("not-a-pid").isPresent());
    }
}
