namespace Autograd.Nn.Config;

/// <summary>
/// Everything a training run needs, read from a YAML file whose keys are MCAN's UPPER_SNAKE names
/// (<c>HIDDEN_SIZE: 512</c>, <c>GRAD_ACCU_STEPS: 4</c>). Every key has a default, so an empty file is a valid config;
/// <see cref="ConfigLoader"/> reads, overrides and validates it.
/// </summary>
/// <remarks>
/// The MCAN keys (<see cref="Layer"/> … <see cref="FlatOutSize"/>) describe a transformer and are kept so MCAN's
/// <c>model.yml</c> loads unchanged; the MLP and CNN models use <see cref="MlpHidden"/> and <see cref="ConvChannels"/>.
/// </remarks>
public sealed class TrainingConfig
{
    private Dictionary<string, ConfigLocation> _locations = new(StringComparer.Ordinal);

    /// <summary><c>LAYER</c>: number of encoder/decoder layers (MCAN).</summary>
    public int Layer { get; set; } = 6;

    /// <summary><c>HIDDEN_SIZE</c>: model width; must be divisible by <see cref="MultiHead"/>.</summary>
    public int HiddenSize { get; set; } = 512;

    /// <summary><c>MULTI_HEAD</c>: number of attention heads.</summary>
    public int MultiHead { get; set; } = 8;

    /// <summary><c>DROPOUT_R</c>: dropout probability in [0, 1).</summary>
    public double DropoutR { get; set; } = 0.1;

    /// <summary><c>FLAT_MLP_SIZE</c>: hidden width of MCAN's attention-flattening MLP.</summary>
    public int FlatMlpSize { get; set; } = 512;

    /// <summary><c>FLAT_GLIMPSES</c>: number of attention glimpses when flattening.</summary>
    public int FlatGlimpses { get; set; } = 1;

    /// <summary><c>FLAT_OUT_SIZE</c>: width of the flattened output.</summary>
    public int FlatOutSize { get; set; } = 1024;

    /// <summary><c>LR_BASE</c>: the base learning rate.</summary>
    public double LrBase { get; set; } = 0.0001;

    /// <summary><c>LR_DECAY_R</c>: the factor the learning rate is multiplied by at each epoch of <see cref="LrDecayList"/>.</summary>
    public double LrDecayR { get; set; } = 0.2;

    /// <summary>
    /// <c>LR_DECAY_LIST</c>: epochs counted from 0, as MCAN counts them (<c>if epoch in LR_DECAY_LIST: adjust_lr(...)</c> at
    /// the start of that epoch), from which the learning rate is multiplied by <see cref="LrDecayR"/> once more: [10] decays
    /// from the 11th epoch on (the one that writes <c>epoch11.ckpt</c>). <see cref="CreateScheduler"/> applies it.
    /// </summary>
    public int[] LrDecayList { get; set; } = [10, 12];

    /// <summary><c>GRAD_ACCU_STEPS</c>: micro-batches per optimizer step; <see cref="BatchSize"/> must be divisible by it.</summary>
    public int GradAccuSteps { get; set; } = 1;

    /// <summary><c>CKPT_VERSION</c>: the run whose checkpoint is resumed (with <see cref="Resume"/>).</summary>
    public string? CkptVersion { get; set; }

    /// <summary><c>CKPT_EPOCH</c>: the epoch whose checkpoint is resumed; null means the latest one.</summary>
    public int? CkptEpoch { get; set; }

    /// <summary><c>MODEL</c>: <c>mlp</c> or <c>cnn</c>.</summary>
    public string Model { get; set; } = "mlp";

    /// <summary><c>MLP_HIDDEN</c>: widths of the hidden fully connected layers (after the convolutions for a CNN).</summary>
    public int[] MlpHidden { get; set; } = [256, 128];

    /// <summary><c>CONV_CHANNELS</c>: output channels of each 3×3 convolution + 2×2 max-pool block of the CNN.</summary>
    public int[] ConvChannels { get; set; } = [32, 64];

    /// <summary><c>DATASET</c>: <c>digits</c> (embedded UCI 8×8 digits) or <c>fashion-mnist</c>.</summary>
    public string Dataset { get; set; } = "digits";

    /// <summary><c>DATA_DIR</c>: where to look for dataset files first; null uses the usual places.</summary>
    public string? DataDir { get; set; }

    /// <summary><c>BATCH_SIZE</c>: samples per optimizer step.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary><c>MAX_EPOCH</c>: the epoch training stops after.</summary>
    public int MaxEpoch { get; set; } = 13;

    /// <summary><c>OPTIMIZER</c>: <c>adam</c>, <c>adamw</c> or <c>sgd</c>.</summary>
    public string Optimizer { get; set; } = "adam";

    /// <summary><c>OPT_BETAS</c>: Adam's (β1, β2); for SGD, β1 is the momentum.</summary>
    public double[] OptBetas { get; set; } = [0.9, 0.98];

    /// <summary><c>OPT_EPS</c>: Adam's ε.</summary>
    public double OptEps { get; set; } = 1e-9;

    /// <summary><c>WEIGHT_DECAY</c>: L2 penalty (decoupled for AdamW).</summary>
    public double WeightDecay { get; set; }

    /// <summary><c>GRAD_NORM_CLIP</c>: maximum global gradient norm; a non-positive value disables clipping.</summary>
    public double GradNormClip { get; set; } = -1;

    /// <summary><c>SEED</c>: seeds weight initialisation, dropout and shuffling.</summary>
    public int Seed { get; set; }

    /// <summary><c>DEVICE</c>: where tensors live, e.g. <c>cpu</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// <c>DEVICES</c>: train data-parallel over several devices of one process, one model replica each: a list
    /// (<c>[cuda:0, cuda:1]</c>, <c>[cpu, cpu:1]</c>) or a count N of <see cref="Device"/>'s kind. Null means
    /// <see cref="Device"/> alone. Under MPI, rank r uses device r mod N. See <see cref="Distributed.DataParallelOptions"/>.
    /// </summary>
    public string? Devices { get; set; }

    /// <summary>
    /// <c>DISTRIBUTED</c>: <c>mpi</c> (the processes of an <c>mpirun</c> job train together), <c>none</c>, or <c>auto</c>
    /// (MPI exactly when started by <c>mpirun</c>).
    /// </summary>
    public string Distributed { get; set; } = "auto";

    /// <summary><c>VERSION</c>: the run's name (its folder and log file); null generates one from the time.</summary>
    public string? Version { get; set; }

    /// <summary><c>RESUME</c>: continue the run <see cref="CkptVersion"/> from epoch <see cref="CkptEpoch"/>.</summary>
    public bool Resume { get; set; }

    /// <summary><c>EVAL_EVERY_EPOCH</c>: evaluate on the test split after every epoch (otherwise only after the last).</summary>
    public bool EvalEveryEpoch { get; set; } = true;

    /// <summary><c>OUTPUT_PATH</c>: the folder that holds one sub-folder per run.</summary>
    public string OutputPath { get; set; } = "runs";

    /// <summary><c>CKPTS_PATH</c>: where checkpoints go (<c>ckpt_&lt;VERSION&gt;/epoch&lt;N&gt;.ckpt</c>); null means the run folder.</summary>
    public string? CkptsPath { get; set; }

    /// <summary><c>LOG_PATH</c>: where <c>log_run_&lt;VERSION&gt;.txt</c> goes; null means the run folder.</summary>
    public string? LogPath { get; set; }

    /// <summary>
    /// The schedule <see cref="LrDecayList"/> and <see cref="LrDecayR"/> describe, over an optimizer created with
    /// <see cref="LrBase"/>: a <see cref="MultiStepLr"/> whose epochs count from 0, so the run's N-th epoch (1-based, the
    /// one that writes <c>epochN.ckpt</c>) trains at <c>scheduler.LearningRateAt(N - 1)</c>.
    /// </summary>
    public LrScheduler CreateScheduler(Optimizer optimizer) => new MultiStepLr(optimizer, LrDecayList, LrDecayR);

    /// <summary>The config as YAML with every key, in the order of <see cref="ConfigKeys.All"/> (loads back to an equal config).</summary>
    public string ToYaml() => string.Join("\n", ConfigKeys.All.Select(k => $"{k.Name}: {k.Format(this)}")) + "\n";

    /// <summary>
    /// Where <paramref name="key"/> was last set (a file position or a <c>--set</c>), or null while it has its default;
    /// checks that need more than the config (an unknown device, a missing folder) point their errors there.
    /// </summary>
    public ConfigLocation? LocationOf(string key) => _locations.GetValueOrDefault(key);

    internal void SetLocation(string key, ConfigLocation location) => _locations[key] = location;

    internal IEnumerable<KeyValuePair<string, ConfigLocation>> Locations => _locations;

    /// <summary>A copy whose lists are independent of this config's.</summary>
    public TrainingConfig Clone()
    {
        var copy = (TrainingConfig)MemberwiseClone();
        copy._locations = new Dictionary<string, ConfigLocation>(_locations, StringComparer.Ordinal);
        copy.LrDecayList = (int[])LrDecayList.Clone();
        copy.MlpHidden = (int[])MlpHidden.Clone();
        copy.ConvChannels = (int[])ConvChannels.Clone();
        copy.OptBetas = (double[])OptBetas.Clone();
        return copy;
    }
}
