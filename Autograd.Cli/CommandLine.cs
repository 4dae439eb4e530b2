namespace Autograd.Cli;

/// <summary>A command line that could not be understood; the message says what was expected.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The parsed command line: <c>train [CONFIG]</c>, <c>eval --ckpt PATH</c> or <c>fetch fashion-mnist</c>, with
/// <c>--device NAME</c> and repeatable <c>--set KEY=VALUE</c> (plus <c>--overwrite</c> for train, <c>--data-dir</c> and
/// <c>--base-url</c> for fetch).
/// </summary>
internal sealed record CommandLine(
    string Command,
    string? Argument,
    string? Checkpoint,
    string? Device,
    IReadOnlyList<string> Overrides,
    string? DataDir,
    string? BaseUrl,
    bool Overwrite = false)
{
    public const string Usage = """
        Usage:
          autograd train [CONFIG.yml] [--device NAME] [--set KEY=VALUE]... [--overwrite]
              Train a model. Without CONFIG, an MLP on the embedded UCI digits (under a minute on a laptop).
              A run whose VERSION already has checkpoints is not started again: continue it with
              --set RESUME=true --set CKPT_VERSION=VERSION, or start it over with --overwrite, which first
              deletes that run's checkpoints and metrics.
          autograd eval --ckpt PATH [--device NAME] [--set KEY=VALUE]...
              Evaluate a checkpoint on its dataset's test split.
          autograd fetch fashion-mnist [--data-dir DIR] [--base-url URL]
              Download and verify Fashion-MNIST (into DIR, else the user cache folder).

        Options:
          --device NAME       cpu, cuda, cuda:N, opencl:N, ilgpu-cpu (same as --set DEVICE=NAME)
          --set KEY=VALUE     override a config key, e.g. --set LR_BASE=0.001 --set MAX_EPOCH=3
          -h, --help          show this help
        """;

    /// <summary>Parses <paramref name="args"/>; a help request gives the command <c>help</c>.</summary>
    /// <exception cref="UsageException">Unknown command or option, or a missing value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("No command given.");
        string command = args[0];
        if (command is "-h" or "--help" or "help") return Help;
        if (command is not ("train" or "eval" or "fetch"))
            throw new UsageException($"Unknown command '{command}'. Commands: train, eval, fetch.");

        string? argument = null, checkpoint = null, device = null, dataDir = null, baseUrl = null;
        bool overwrite = false;
        var overrides = new List<string>();
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new UsageException($"{arg} needs a value.");
            switch (arg)
            {
                case "-h" or "--help": return Help;
                case "--set": overrides.Add(Value()); break;
                case "--device": device = Value(); break;
                case "--ckpt" when command == "eval": checkpoint = Value(); break;
                case "--overwrite" when command == "train": overwrite = true; break;
                case "--data-dir" when command == "fetch": dataDir = Value(); break;
                case "--base-url" when command == "fetch": baseUrl = Value(); break;
                default:
                    if (arg.StartsWith('-')) throw new UsageException($"Unknown option '{arg}' for '{command}'.");
                    if (argument is not null) throw new UsageException($"'{command}' takes one argument; got '{argument}' and '{arg}'.");
                    argument = arg;
                    break;
            }
        }

        if (command == "eval" && checkpoint is null) throw new UsageException("eval needs --ckpt PATH.");
        if (command == "eval" && argument is not null) throw new UsageException($"eval takes no argument besides --ckpt; got '{argument}'.");
        if (command == "fetch" && argument != "fashion-mnist")
            throw new UsageException(argument is null ? "fetch needs a dataset name: fetch fashion-mnist." : $"Unknown dataset '{argument}'; fetch knows fashion-mnist.");
        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new UsageException($"--base-url must be an http:// or https:// address, like {Autograd.Nn.Data.FashionMnist.DefaultBaseUrl}; got '{baseUrl}'.");
        return new CommandLine(command, argument, checkpoint, device, overrides, dataDir, baseUrl, overwrite);
    }

    private static CommandLine Help => new("help", null, null, null, [], null, null);

    /// <summary>The config overrides with <c>--device</c> turned into <c>DEVICE=…</c> (applied last, so it wins).</summary>
    public IReadOnlyList<string> AllOverrides => Device is null ? Overrides : [.. Overrides, $"DEVICE={Device}"];
}
