package io.cnnstream.engine.cli;

import io.cnnstream.engine.json.JsonException;
import io.cnnstream.engine.model.UnknownModelException;
import io.cnnstream.engine.onnx.OnnxFormatException;
import io.cnnstream.engine.weights.WeightsFormatException;
import io.cnnstream.engine.weights.WeightsMismatchException;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Entry point of {@code bin/cnn}: picocli dispatches to one command; user errors are one line on
 * stderr with exit status 2.
 */
@Command(name = "cnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The cnnstream engine: summarise, run, classify with and measure the registry's CNNs.",
        subcommands = {SummaryCommand.class, InferCommand.class, ClassifyCommand.class, PreprocessCommand.class,
                BenchCommand.class, ConvertCommand.class, TrainCommand.class, EvalCommand.class, FeaturesCommand.class, FiltersCommand.class, DrawCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"",
                "Models: alexnet, alexnet-2012, alexnet-seed, lenet5 (raw tensors only), vgg16, googlenet, resnet50 "
                        + "(cnn summary MODEL shows the layers; weight names are torchvision's state_dict keys).",
                "Exit status: 0 done, 2 bad arguments or input (the message says which), 3 classify could not "
                        + "read some images (the others are classified), 1 internal error.",
                "Shell completion: source <(cnn generate-completion)"})
public final class Main implements Callable<Integer> {
    static final int BAD_INPUT = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler(Main::badArguments);
        cli.setExecutionExceptionHandler(Main::failed);
        return cli.execute(args);
    }

    /** {@code cnn} alone: the usage, on stderr, as a bad invocation. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    private static int badArguments(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        PrintWriter err = where.getErr();
        if (e instanceof UnmatchedArgumentException u && where.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("cnn: unknown command '" + u.getUnmatched().get(0) + "'; run 'cnn --help'");
        } else {
            err.println(prefix(where) + e.getMessage() + " (see 'cnn " + where.getCommandName() + " --help')");
        }
        return BAD_INPUT;
    }

    /** A command's own refusal (a missing file, an unknown model, a weights mismatch) is the user's error. */
    private static int failed(Exception e, CommandLine where, ParseResult parsed) throws Exception {
        if (e instanceof UsageException || e instanceof UnknownModelException || e instanceof WeightsFormatException
                || e instanceof WeightsMismatchException || e instanceof OnnxFormatException || e instanceof JsonException || e instanceof UncheckedIOException) {
            where.getErr().println("cnn: " + e.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException) {
            where.getErr().println(prefix(where) + e.getMessage());
            return BAD_INPUT;
        }
        throw e;
    }

    private static String prefix(CommandLine where) {
        return where.getParent() == null ? "cnn: " : "cnn: " + where.getCommandName() + ": ";
    }

    /** The version Maven writes into the jar's manifest ({@code dev} when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cnn " + (v == null ? "dev" : v) + ", Java " + Runtime.version()};
        }
    }
}
