package io.cnnstream.engine.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether C2 can be trusted to keep the Vector API kernels in vector registers. On JDK 17 it adds,
 * within one compilation, the type-check traps recorded in every method it inlines; past
 * {@code -XX:PerMethodTrapLimit} (100) it compiles each later call it predicts from the type profile
 * with a virtual fallback, the Vector API's operations there see their species as a loaded field
 * rather than a constant, and C2 leaves them as calls that allocate their vectors. Which compilation
 * crosses the limit depends on the traps of the warm-up, so it happens in some processes only, and
 * those then allocate in every pass. {@value #WANTED} keeps every compilation under the limit; the
 * measurements behind the value are in docs/jdk17.md and docs/decisions/0003-jdk17-trap-limit.md.
 */
final class TrapLimitCheck {
    static final String OPTION = "PerMethodTrapLimit";
    static final long WANTED = 10_000;
    /** The first release measured unaffected. */
    private static final int FIXED_IN = 25;

    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private TrapLimitCheck() {
    }

    /** Logs the {@link #warning()}, if any, the first time the vector kernels are made. */
    static void warnOnce() {
        if (CHECKED.compareAndSet(false, true)) {
            warning().ifPresent(warning -> System.getLogger(Kernels.class.getName())
                    .log(System.Logger.Level.WARNING, warning));
        }
    }

    /** The warning for this JVM, if it needs the option and lacks it. */
    static Optional<String> warning() {
        List<HotSpotDiagnosticMXBean> hotspot = ManagementFactory.getPlatformMXBeans(HotSpotDiagnosticMXBean.class);
        if (hotspot.isEmpty()) {
            return Optional.empty(); // not HotSpot: no C2
        }
        return warning(Runtime.version().feature(), hotspot.get(0).getVMOption(OPTION).getValue());
    }

    /** The warning for a JDK of this feature release whose {@value #OPTION} is {@code limit}. */
    static Optional<String> warning(int feature, String limit) {
        if (feature >= FIXED_IN || Long.parseLong(limit) >= WANTED) {
            return Optional.empty();
        }
        return Optional.of("C2 on JDK " + feature + " may compile some vector kernels into code that allocates in"
                + " every pass (" + OPTION + "=" + limit + "): start the JVM with -XX:" + OPTION + "=" + WANTED
                + " (bin/cnn and bin/demo do)");
    }
}
