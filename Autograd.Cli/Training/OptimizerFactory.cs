using Autograd.Nn;
using Autograd.Nn.Config;

namespace Autograd.Cli.Training;

/// <summary>
/// The optimizer a config names (<c>OPTIMIZER</c>), with its betas, ε, weight decay and <c>LR_BASE</c>, the rate
/// the config's scheduler (<see cref="TrainingConfig.CreateScheduler"/>) scales.
/// </summary>
internal static class OptimizerFactory
{
    public static Optimizer Create(TrainingConfig config, IEnumerable<Tensor> parameters)
    {
        double lr = config.LrBase, beta1 = config.OptBetas[0], beta2 = config.OptBetas[1];
        return config.Optimizer switch
        {
            "adamw" => new AdamW(parameters, lr, beta1, beta2, config.OptEps, config.WeightDecay),
            "sgd" => new Sgd(parameters, lr, momentum: beta1, weightDecay: config.WeightDecay),
            _ => new Adam(parameters, lr, beta1, beta2, config.OptEps, config.WeightDecay),
        };
    }
}
