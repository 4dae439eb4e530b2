using System.Text;
using Autograd.Nn;

namespace Autograd.Tests.Nn;

using Reduction = Autograd.Nn.Reduction;

public class TrainingCheckpointTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("checkpoints").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>A run: model, optimizer, schedule, accumulation and the generator that shuffles.</summary>
    private sealed class Run
    {
        public readonly TinyClassifier Model = new();
        public readonly Adam Optimizer;
        public readonly McanWarmupLr Scheduler;
        public readonly GradientAccumulator Accumulator;
        public readonly Generator Shuffle;
        public long Steps;

        public Run(ulong shuffleSeed)
        {
            Optimizer = new Adam(Model.Parameters, learningRate: 0.05, beta2: 0.98, eps: 1e-9);
            Scheduler = new McanWarmupLr(Optimizer, decayEpochs: [3], decayRate: 0.2);
            Accumulator = new GradientAccumulator(Optimizer, batchSize: 8, gradAccuSteps: 2);
            Shuffle = new Generator(shuffleSeed);
        }

        public Dictionary<string, Tensor> Weights => new()
        {
            ["w1"] = Model.W1, ["b1"] = Model.B1, ["w2"] = Model.W2, ["b2"] = Model.B2,
        };

        public void TrainEpoch()
        {
            var order = Enumerable.Range(0, TinyClassifier.Samples).ToArray();
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = Shuffle.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (int first = 0; first < order.Length; first += 8)
            {
                using var index = Tensor.From(order[first..(first + 8)], 8);
                using var x = Model.X.IndexSelect(0, index);
                using var y = Model.Y.IndexSelect(0, index);
                Accumulator.Step(8, (start, count) => Model.Loss(x.Narrow(0, start, count), y.Narrow(0, start, count), Reduction.Mean));
                Steps++;
            }
            Scheduler.Step();
        }

        public TrainingCheckpoint Checkpoint() => new()
        {
            Weights = Weights,
            Optimizer = Optimizer.SaveState(),
            Scheduler = Scheduler.SaveState(),
            Epoch = Scheduler.Epoch,
            Step = Steps,
            Generator = GeneratorState.Of(Shuffle),
            Config = "LR_BASE: 0.05\nGRAD_ACCU_STEPS: 2\n",
        };
    }

    [Test]
    public void ResumingFromEpochNGivesBitIdenticalParametersToAnUninterruptedRun()
    {
        var uninterrupted = new Run(shuffleSeed: 11);
        for (int e = 0; e < 5; e++) uninterrupted.TrainEpoch();

        var first = new Run(shuffleSeed: 11);
        for (int e = 0; e < 2; e++) first.TrainEpoch();
        var path = TrainingCheckpoint.PathFor(_folder, "small", 2);
        first.Checkpoint().Save(path);

        var resumed = new Run(shuffleSeed: 999);
        using (Tensor.NoGrad())
        {
            foreach (var p in resumed.Model.Parameters) p.FillInPlace(0.25);
        }
        var checkpoint = TrainingCheckpoint.Load(path);
        checkpoint.Restore(resumed.Weights, resumed.Optimizer, resumed.Scheduler, resumed.Shuffle);
        resumed.Steps = checkpoint.Step;
        for (int e = checkpoint.Epoch; e < 5; e++) resumed.TrainEpoch();

        Assert.That(resumed.Model.Flat(), Is.EqualTo(uninterrupted.Model.Flat()), "bit-identical, no tolerance");
        Assert.That(resumed.Steps, Is.EqualTo(uninterrupted.Steps));
        Assert.That(resumed.Optimizer.LearningRate, Is.EqualTo(uninterrupted.Optimizer.LearningRate));
    }

    [Test]
    public void PathFollowsMcansNaming() =>
        Assert.That(TrainingCheckpoint.PathFor("ckpts", "small", 13), Is.EqualTo(Path.Combine("ckpts", "ckpt_small", "epoch13.ckpt")));

    [Test]
    public void EveryFieldRoundTrips()
    {
        var run = new Run(shuffleSeed: 3);
        run.TrainEpoch();
        var path = Path.Combine(_folder, "epoch1.ckpt");
        run.Checkpoint().Save(path);
        var loaded = TrainingCheckpoint.Load(path);

        Assert.That(loaded.Epoch, Is.EqualTo(1));
        Assert.That(loaded.Step, Is.EqualTo(2));
        Assert.That(loaded.Config, Is.EqualTo("LR_BASE: 0.05\nGRAD_ACCU_STEPS: 2\n"));
        Assert.That(loaded.Generator, Is.EqualTo(GeneratorState.Of(run.Shuffle)));
        Assert.That(loaded.Scheduler, Is.EqualTo(run.Scheduler.SaveState()));
        Assert.That(loaded.Weights["w1"].ToDoubleArray(), Is.EqualTo(run.Model.W1.ToDoubleArray()));
        var saved = run.Optimizer.SaveState();
        Assert.That(loaded.Optimizer.Kind, Is.EqualTo("Adam"));
        Assert.That(loaded.Optimizer.LearningRate, Is.EqualTo(saved.LearningRate));
        Assert.That(loaded.Optimizer.InitialLearningRate, Is.EqualTo(0.05), "the scheduler recorded the optimizer's initial rate");
        Assert.That(loaded.Optimizer.Hyperparameters, Is.EquivalentTo(saved.Hyperparameters));
        Assert.That(loaded.Optimizer.Parameters.Select(p => p.Step), Is.EqualTo(saved.Parameters.Select(p => p.Step)));
        Assert.That(loaded.Optimizer.Parameters[2].Buffers["exp_avg_sq"].ToDoubleArray(), Is.EqualTo(saved.Parameters[2].Buffers["exp_avg_sq"].ToDoubleArray()));
    }

    private string SavedCheckpoint()
    {
        var path = Path.Combine(_folder, "epoch1.ckpt");
        new Run(shuffleSeed: 5).Checkpoint().Save(path);
        return path;
    }

    [Test]
    public void TruncatedCheckpointGivesAClearError()
    {
        var path = SavedCheckpoint();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var ex = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path));
        Assert.That(ex!.Message, Does.Contain("truncated").And.Contain(path));
    }

    [Test]
    public void CorruptedDataOrHeaderFailsTheChecksum()
    {
        var path = SavedCheckpoint();
        var good = File.ReadAllBytes(path);

        var flipped = (byte[])good.Clone();
        flipped[^5] ^= 0x10;
        File.WriteAllBytes(path, flipped);
        Assert.That(Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path))!.Message, Does.Contain("corrupted"));

        var edited = (byte[])good.Clone();
        var setting = Encoding.UTF8.GetBytes("GRAD_ACCU_STEPS: 2");
        edited[good.AsSpan().IndexOf(setting) + setting.Length - 1] = (byte)'4';
        File.WriteAllBytes(path, edited);
        Assert.That(Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path))!.Message, Does.Contain("corrupted"));
    }

    [Test]
    public void WeightsOnlyFileIsNotATrainingCheckpoint()
    {
        var path = Path.Combine(_folder, "weights.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2) });
        Assert.That(Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path))!.Message, Does.Contain("SafeTensors.Load"));
    }

    [Test]
    public void AFailedSaveNeverReplacesAGoodCheckpoint()
    {
        var path = SavedCheckpoint();
        var good = File.ReadAllBytes(path);

        var broken = new Run(shuffleSeed: 5).Checkpoint();
        broken.Weights["w1"].Dispose();
        Assert.Throws<ObjectDisposedException>(() => broken.Save(path));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(good.AsSpan(0, 100));
            throw new IOException("disk full");
        }));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(good));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }), "the temporary file is removed");
        Assert.That(() => TrainingCheckpoint.Load(path), Throws.Nothing);
    }

    [Test]
    public void MismatchedCheckpointListsEveryProblemAndChangesNothing()
    {
        var checkpoint = TrainingCheckpoint.Load(SavedCheckpoint());
        var run = new Run(shuffleSeed: 5);
        var wrongShape = Tensor.Zeros([4, 4], DType.Float64, requiresGrad: true);
        var weights = new Dictionary<string, Tensor> { ["w1"] = wrongShape, ["b1"] = run.Model.B1, ["w2"] = run.Model.W2, ["extra"] = run.Model.B2 };
        var before = run.Model.Flat();

        var ex = Assert.Throws<ArgumentException>(() => checkpoint.Restore(weights, new Sgd(run.Model.Parameters), run.Scheduler, run.Shuffle));
        Assert.That(ex!.Message, Does.Contain("weight 'w1' is float64 [3, 5] in the checkpoint but float64 [4, 4]")
            .And.Contain("missing weight 'extra'")
            .And.Contain("unexpected weight 'b2'")
            .And.Contain("saved by Adam"));
        Assert.That(run.Model.Flat(), Is.EqualTo(before));
    }
}
