package org.halodse.dse.search;

/** Receives {@link Progress} events on the search's own thread. */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress p);

    ProgressListener NONE = p -> { };
}
