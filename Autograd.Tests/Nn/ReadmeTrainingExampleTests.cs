using Autograd.Nn;
using Autograd.Nn.Data;

namespace Autograd.Tests.Nn;

/// <summary>The README's "Training a model in C#" example, line for line, so the README cannot drift from the API.</summary>
public class ReadmeTrainingExampleTests
{
    [Test]
    public void TheReadmeTrainingExampleLearnsTheDigits()
    {
        var generator = new Generator(0);
        var (train, test) = Digits.Load();
        var normalization = train.ComputeNormalization();
        var model = new Sequential(
            new Linear(64, 128, generator: generator), new ReLU(),
            new Linear(128, 10, generator: generator));
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
        var step = new GradientAccumulator(optimizer, batchSize: 64, gradAccuSteps: 4);
        var loader = new DataLoader(train, 64, shuffle: true, generator: generator, normalization: normalization);

        for (int epoch = 0; epoch < 10; epoch++)
        {
            foreach (var batch in loader)
            {
                using (batch)
                {
                    var (x, y) = batch;
                    step.Step(batch.Size, (start, count) =>
                        Losses.CrossEntropy(model.Forward(x.Narrow(0, start, count)), y.Narrow(0, start, count)));
                }
            }
        }

        model.Eval();
        using (Tensor.NoGrad())
        using (var batch = new DataLoader(test, test.Count, normalization: normalization).First())
        {
            var predicted = model.Forward(batch.Features).ArgMax(1);
            double accuracy = predicted.Eq(batch.Labels).To(DType.Float32).Mean().Item();
            Assert.That(accuracy, Is.GreaterThan(0.93));
        }
    }
}
