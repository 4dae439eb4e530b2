using Autograd.Nn;
using Autograd.Nn.Data;

namespace Autograd.Cli.Training;

/// <summary>Mean cross-entropy and accuracy of a classifier over a whole split.</summary>
internal sealed record Evaluation(double Loss, int Correct, int Count)
{
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}

/// <summary>Runs a model over every batch of a loader in evaluation mode, without recording gradients.</summary>
internal static class Evaluator
{
    public static Evaluation Run(Sequential model, DataLoader loader)
    {
        bool wasTraining = model.Training;
        model.Eval();
        double lossSum = 0;
        int correct = 0, count = 0;
        using (Tensor.NoGrad())
        {
            foreach (var batch in loader)
            {
                using (batch)
                using (Tensor.Scope())
                {
                    var logits = model.Forward(batch.Features);
                    lossSum += Losses.CrossEntropy(logits, batch.Labels, Reduction.Sum).Item();
                    correct += (int)logits.ArgMax(1).Eq(batch.Labels).To(DType.Float32).Sum().Item();
                    count += batch.Size;
                }
            }
        }
        model.Train(wasTraining);
        return new Evaluation(count == 0 ? 0 : lossSum / count, correct, count);
    }
}
