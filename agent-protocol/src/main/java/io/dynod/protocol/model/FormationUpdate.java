package io.dynod.protocol.model;

/**
 * One entry of a formation batch update: a null {@code quantity} or {@code size} leaves it as it
 * is. Quantity 0 stops that type. At most {@link #MAX_QUANTITY} dynos per type, as on Heroku.
 */
public record FormationUpdate(String type, Integer quantity, DynoSize size) {

    public static final int MAX_QUANTITY = 100;

    public FormationUpdate {
        Names.processType(type);
        if (quantity == null && size == null) {
            throw new InvalidInputException("formation of " + type + ": give a quantity, a size or both");
        }
        if (quantity != null) {
            checkQuantity(type, quantity);
        }
    }

    static void checkQuantity(String type, int quantity) {
        if (quantity < 0 || quantity > MAX_QUANTITY) {
            throw new InvalidInputException("quantity of " + type + " " + quantity
                    + ": must be 0 to " + MAX_QUANTITY);
        }
    }
}
