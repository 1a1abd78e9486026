package io.symoe.orchestrator.replay;

import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.orchestrator.SymoeService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The long run of {@link ReplayQuestionsHttpTest}'s sample: every record of the paper's {@code MMLU_Pro_test.json}
 * and {@code MMLU_Pro_train.json} (2 450), in the paper's format, through HTTP on loopback. Prints the counts per
 * file; exits 1 when fewer than 99 % are answered 200 as the recordings imply. Usage (see orchestrator/README.md):
 * {@code ReplayQuestionsHttpRun SHARED_DIR [THREADS]}.
 */
public final class ReplayQuestionsHttpRun {
    private ReplayQuestionsHttpRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ReplayQuestionsHttpRun SHARED_DIR [THREADS]   (SHARED_DIR: the ../shared folder)");
            System.exit(2);
        }
        Path shared = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path outputs = shared.resolve("data/mmlu-pro-outputs");
        boolean pass = true;
        try (SymoeService service = RealReplayService.start(outputs)) {
            var checker = new PaperQuestionsOverHttp(MmluProOutputsReader.read(outputs));
            for (String file : List.of("MMLU_Pro_test.json", "MMLU_Pro_train.json")) {
                List<PaperQuestionsOverHttp.Paper> papers = new ArrayList<>(
                        PaperQuestionsOverHttp.read(shared.resolve("data/symbolic-moe").resolve(file)));
                long t0 = System.nanoTime();
                PaperQuestionsOverHttp.Tally t = checker.run(service.httpPort(), papers, threads);
                System.out.printf("%s: %s (%.1f s)%n", file, t, (System.nanoTime() - t0) / 1e9);
                pass &= t.consistent() >= Math.ceil(0.99 * t.sent());
            }
        }
        System.exit(pass ? 0 : 1);
    }
}
