package io.symoe.ops;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** ops/RUNBOOK.md: the sections the issue asks for, and no link or file name that leads nowhere. */
class RunbookTest {
    private final String text = OpsFiles.read(OpsFiles.RUNBOOK);
    private final Set<String> anchors = MarkdownAnchors.of(text);

    @Test
    void hasTheRequiredSections() {
        for (String section : List.of("start", "scale-out", "add-a-model", "drain-a-node", "read-the-dashboard",
                "common-errors")) {
            assertTrue(anchors.contains(section), "RUNBOOK.md needs a section '" + section + "', has " + anchors);
        }
    }

    @Test
    void internalLinksAndNamedOpsFilesExist() {
        Matcher link = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(text);
        while (link.find()) {
            assertTrue(anchors.contains(link.group(1)), "broken link #" + link.group(1));
        }
        Set<String> missing = new TreeSet<>();
        Matcher file = Pattern.compile("\\bops/[\\w./-]+\\.(yaml|json|md|service)|\\bops/docker/Dockerfile").matcher(text);
        while (file.find()) {
            if (!Files.exists(OpsFiles.REPO.resolve(file.group()))) {
                missing.add(file.group());
            }
        }
        assertTrue(missing.isEmpty(), "the runbook names files that do not exist: " + missing);
    }

    @Test
    void explainsEveryPipelineStageTheDashboardShows() {
        for (String stage : KnownMetrics.STAGES) {
            assertTrue(text.contains("`" + stage + "`"), "the runbook should explain stage " + stage);
        }
    }

    @Test
    void mentionsTheProbeAndMetricsRoutesTheDeploymentsUse() {
        for (String route : List.of(Routes.LIVENESS, Routes.READINESS, Routes.METRICS)) {
            assertTrue(text.contains(route), "the runbook should explain " + route);
        }
    }
}
