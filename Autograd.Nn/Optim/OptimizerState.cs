namespace Autograd.Nn;

/// <summary>
/// A plain snapshot of an optimizer, enough to continue training exactly where it stopped: which optimizer it was,
/// its hyperparameters and learning rate, and for every parameter (in the optimizer's order) how many updates it
/// has had and its buffers (<c>momentum_buffer</c>; <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>).
/// The tensors are copies; the snapshot does not change when training goes on.
/// </summary>
public sealed record OptimizerState(
    string Kind,
    double LearningRate,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<ParameterState> Parameters)
{
    /// <summary>The optimizer's <see cref="Optimizer.InitialLearningRate"/> (PyTorch saves <c>initial_lr</c> with the parameter group).</summary>
    public double? InitialLearningRate { get; init; }
}

/// <summary>One parameter's optimizer state: the number of updates applied to it and its named buffers.</summary>
public sealed record ParameterState(long Step, IReadOnlyDictionary<string, Tensor> Buffers);
