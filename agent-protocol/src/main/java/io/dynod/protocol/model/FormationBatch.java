package io.dynod.protocol.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The body of {@code PATCH /v1/apps/{app}/formation}, as Heroku's formation batch update. */
public record FormationBatch(List<FormationUpdate> updates) {

    public FormationBatch {
        Names.required("updates", updates);
        if (updates.isEmpty()) {
            throw new InvalidInputException("updates: give at least one process type");
        }
        updates = List.copyOf(updates);
        Set<String> seen = new HashSet<>();
        for (FormationUpdate update : updates) {
            if (!seen.add(update.type())) {
                throw new InvalidInputException("updates: process type " + update.type() + " given twice");
            }
        }
    }
}
