package io.symoe.skillrouter.testing;

import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small hand-checkable profiles from rows of "skills | per-model right (1) / wrong (0)". */
public final class Profiles {
    private Profiles() {
    }

    public static SkillProfiles of(List<String> models, Object[]... rows) {
        ProfileBuilder b = new ProfileBuilder(models);
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            List<String> skills = (List<String>) row[0];
            int[] right = (int[]) row[1];
            Map<String, RecordedOutcome> outcomes = new LinkedHashMap<>();
            for (int m = 0; m < models.size(); m++) {
                outcomes.put(models.get(m), new RecordedOutcome(null, null, right[m], 0));
            }
            b.add(skills, outcomes);
        }
        return b.build();
    }

    public static Object[] row(List<String> skills, int... right) {
        return new Object[]{skills, right};
    }
}
