package io.symoe.orchestrator.service;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.backend.replay.QuestionMatcher;
import io.symoe.modelpool.recorded.MmluProOutputsReader;

import java.nio.file.Path;

/**
 * The recordings of {@code --replay DIR}, read once at start-up and shared by the replay pool (which serves their
 * texts), the router (profiles from their outcomes, the embedding index of their questions) and the question
 * resolution in front of the pipelines. Reading them twice cost a second pass over ~80 MB of zips and printed every
 * reader warning twice (issue 20).
 */
record RecordedQuestions(Path dir, RecordedDataset dataset, QuestionMatcher matcher) {

    static RecordedQuestions read(Path dir) {
        RecordedDataset data = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.ALL);
        return new RecordedQuestions(dir, data, QuestionMatcher.of(data.questions()));
    }
}
