namespace Autograd.Nn;

/// <summary>
/// Batch normalisation per channel (dimension 1), the shared part of <see cref="BatchNorm1d"/> and
/// <see cref="BatchNorm2d"/>; see <see cref="Functional.BatchNorm"/> for the formula. Parameters <c>weight</c> γ
/// (ones) and <c>bias</c> β (zeros); buffers <c>running_mean</c> (zeros), <c>running_var</c> (ones) and
/// <c>num_batches_tracked</c>. In training mode each batch is normalised by its own statistics and the running
/// ones are updated with <see cref="Momentum"/> (running_var with the unbiased batch variance); in evaluation mode
/// the running statistics are used.
/// </summary>
/// <remarks>
/// Gradient accumulation is not equivalent to one large batch for BatchNorm: each micro-batch is normalised by
/// its own mean and variance, and the running statistics receive one update per micro-batch. This is the known
/// exception to "K micro-batches of B/K give the same step as one batch of B"; models that rely on that equality
/// (the accumulation tests) must use LayerNorm or no normalisation.
/// </remarks>
public abstract class BatchNorm : Module, IModule
{
    /// <summary>Creates the parameters and buffers for <paramref name="numFeatures"/> channels.</summary>
    /// <param name="numFeatures">C, the size of dimension 1.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">Weight of each new batch in the running averages; null for a cumulative average (1/batches seen).</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics; without them, evaluation also uses batch statistics.</param>
    /// <param name="dtype">Element type of the parameters and buffers.</param>
    protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        if (numFeatures <= 0) throw new ArgumentException($"{GetType().Name}: num_features must be positive, got {numFeatures}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros([numFeatures], dtype) : null);
        RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones([numFeatures], dtype) : null);
        RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Zeros([], DType.Int32) : null);
    }

    /// <summary>C, the number of channels.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Weight of each new batch in the running averages; null means a cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>γ [C], or null without affine.</summary>
    public Tensor? Weight => FindParameter("weight");

    /// <summary>β [C], or null without affine.</summary>
    public Tensor? Bias => FindParameter("bias");

    /// <summary>The running mean [C], or null when statistics are not tracked.</summary>
    public Tensor? RunningMean => GetBuffer("running_mean");

    /// <summary>The running (unbiased) variance [C], or null when statistics are not tracked.</summary>
    public Tensor? RunningVar => GetBuffer("running_var");

    /// <summary>How many training batches updated the running statistics (Int32 scalar), or null.</summary>
    public Tensor? NumBatchesTracked => GetBuffer("num_batches_tracked");

    /// <summary>The input ranks this layer accepts (2 or 3 for 1-D, 4 for 2-D).</summary>
    protected abstract bool AcceptsRank(int rank);

    /// <summary>The expected input layout, for error messages.</summary>
    protected abstract string ExpectedLayout { get; }

    /// <summary>Normalises <paramref name="input"/>; in training mode also updates the running statistics.</summary>
    /// <exception cref="ArgumentException">The input's rank or channel count is wrong.</exception>
    public Tensor Forward(Tensor input)
    {
        if (!AcceptsRank(input.Rank) || input.Shape[1] != NumFeatures)
            throw new ArgumentException($"{GetType().Name}: expected input {ExpectedLayout} with C = {NumFeatures}, got {Functional.Describe(input)}.");
        var counter = NumBatchesTracked;
        bool updating = Training && counter is not null;
        double momentum = Momentum ?? (updating ? 1.0 / (counter!.Item() + 1) : 0);
        var y = Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training || RunningMean is null, momentum, Eps);
        if (updating)
        {
            using (Tensor.NoGrad()) counter!.AddInPlace(1);
        }
        return y;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={Eps}, momentum={(Momentum is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None")}, " +
        $"affine={(Weight is null ? "False" : "True")}, track_running_stats={(RunningMean is null ? "False" : "True")}";
}

/// <summary>Batch normalisation of [N, C] or [N, C, L] inputs (<c>nn.BatchNorm1d</c>); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    /// <inheritdoc/>
    protected override bool AcceptsRank(int rank) => rank is 2 or 3;

    /// <inheritdoc/>
    protected override string ExpectedLayout => "[N, C] or [N, C, L]";
}

/// <summary>Batch normalisation of [N, C, H, W] inputs (<c>nn.BatchNorm2d</c>); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
{
    /// <inheritdoc/>
    protected override bool AcceptsRank(int rank) => rank == 4;

    /// <inheritdoc/>
    protected override string ExpectedLayout => "[N, C, H, W]";
}
