// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * How an evaluation ({@link BatchDetection}, {@link StreamingDetection}) is kept to one caller at a
 * time. Every public call is bracketed by {@link #enter()} and {@link #exit(boolean)}.
 *
 * <p><b>Confined</b> (the default): calls must come from one thread at a time, with the hand-over
 * from one thread to the next ordered by the program (one thread, an executor, a lock of the
 * caller's). Two calls that overlap are detected on a best-effort basis, as
 * {@link ConcurrentModificationException} is for collections: the call that finds another thread
 * inside, or finds at its end that another thread entered meanwhile, throws one, and the evaluation
 * is broken from then on (every later call throws too), since counts may already be wrong. The check
 * costs two ordinary loads and stores per call, no atomic instruction (BENCHMARKS.md, "Thread-safe
 * evaluations"); the price is that a race within a few instructions can escape it.
 *
 * <p><b>Shared</b>: every call takes a reentrant lock, so concurrent callers give the counts and
 * reports of some one-thread order of their calls.
 *
 * <p>Both modes let a call re-enter from the same thread (a listener asking for stats).
 */
final class Confinement {
  private static final VarHandle USER;
  private static final VarHandle BROKEN;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      USER = lookup.findVarHandle(Confinement.class, "user", Thread.class);
      BROKEN = lookup.findVarHandle(Confinement.class, "broken", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String what;
  private final @Nullable ReentrantLock lock;
  /** The thread inside a call, accessed only through {@link #USER} (opaque: never cached in a register). */
  @SuppressWarnings({"unused", "FieldMayBeFinal"})
  private @Nullable Thread user;
  /** Set once overlapping calls were seen; never cleared. Accessed only through {@link #BROKEN}. */
  @SuppressWarnings({"unused", "FieldMayBeFinal"})
  private boolean broken;

  private Confinement(String what, @Nullable ReentrantLock lock) {
    this.what = what;
    this.lock = lock;
  }

  /** One thread at a time, overlapping calls detected. */
  static Confinement confined(String what) {
    return new Confinement(what, null);
  }

  /** Any number of threads, one call at a time under a lock. */
  static Confinement shared(String what) {
    return new Confinement(what, new ReentrantLock());
  }

  /**
   * Starts a call.
   *
   * @return whether this call must {@link #exit} (false when it re-entered the calling thread's own call)
   * @throws ConcurrentModificationException when another thread is inside, or was earlier
   */
  boolean enter() {
    ReentrantLock l = lock;
    if (l != null) {
      l.lock();
      return true;
    }
    Thread me = Thread.currentThread();
    Object inside = USER.getOpaque(this);
    if (inside == me) {
      return false;
    }
    if (inside != null || (boolean) BROKEN.getOpaque(this)) {
      throw overlap(me, inside);
    }
    USER.setOpaque(this, me);
    return true;
  }

  /**
   * Ends a call that {@link #enter} started.
   *
   * @throws ConcurrentModificationException when another thread entered while this call ran
   */
  void exit(boolean entered) {
    ReentrantLock l = lock;
    if (l != null) {
      l.unlock();
      return;
    }
    if (!entered) {
      return;
    }
    Thread me = Thread.currentThread();
    Object inside = USER.getOpaque(this);
    if (inside != me) {
      throw overlap(me, inside);
    }
    USER.setOpaque(this, null);
  }

  private ConcurrentModificationException overlap(Thread me, @Nullable Object other) {
    boolean already = (boolean) BROKEN.getOpaque(this);
    BROKEN.setOpaque(this, true);
    String who = other instanceof Thread t && t != me ? " and thread \"" + t.getName() + "\"" : "";
    return new ConcurrentModificationException(already && who.isEmpty()
        ? "this " + what + " was used by two threads at once earlier and can no longer be trusted"
        : "this " + what + " was used by thread \"" + me.getName() + "\"" + who
            + " at once; it is confined to one thread at a time unless made threadSafe(), and its counts"
            + " can no longer be trusted");
  }
}
