package io.dynod.protocol.model;

import java.time.Instant;

/** One process type's formation entry, shaped like Heroku's formation resource. */
public record Formation(String type, Integer quantity, DynoSize size, String command, Instant updatedAt) {

    public Formation {
        Names.processType(type);
        FormationUpdate.checkQuantity(type, Names.required("quantity of " + type, quantity));
        Names.required("size of " + type, size);
    }

    /** {@code web=2:standard-2x}, the ps:scale spelling. */
    public String toScaleSyntax() {
        return type + "=" + quantity + ":" + size;
    }
}
