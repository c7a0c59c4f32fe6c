package dev.sluice.cli;

/** The entry point of the {@code sluice} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = SluiceCommand.execute(Console.system(), args);
        System.exit(code);
    }
}
