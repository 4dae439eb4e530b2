using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class ModuleTests
{
    /// <summary>y = x · scale + shift elementwise, with a step counter buffer: a module built from ops every branch has.</summary>
    private sealed class Affine : Module, IModule
    {
        public Affine(int features, ulong seed = 1)
        {
            var g = new Generator(seed);
            RegisterParameter("scale", Tensor.Randn([features], g, DType.Float64));
            RegisterParameter("shift", Tensor.Randn([features], g, DType.Float64));
            RegisterBuffer("steps", Tensor.Zeros([1], DType.Float64));
            RegisterBuffer("scratch", Tensor.Zeros([features], DType.Float64), persistent: false);
        }

        public Tensor Scale => GetParameter("scale");

        public Tensor Forward(Tensor input) => input * Scale + GetParameter("shift");
    }

    private sealed class Encoder : Module
    {
        public Encoder()
        {
            Layers = RegisterModule("layers", new ModuleList(new Affine(2), new Affine(2)));
            Head = RegisterModule("head", new Sequential(new Affine(2), new Flatten()));
        }

        public ModuleList Layers { get; }

        public Sequential Head { get; }
    }

    [Test]
    public void ParameterNamesAreHierarchicalInRegistrationOrder()
    {
        var names = new Encoder().NamedParameters().Select(p => p.Name);
        Assert.That(names, Is.EqualTo(new[]
        {
            "layers.0.scale", "layers.0.shift", "layers.1.scale", "layers.1.shift", "head.0.scale", "head.0.shift",
        }));
    }

    [Test]
    public void NamedModulesStartWithTheRootAndWalkDepthFirst()
    {
        var names = new Encoder().NamedModules().Select(m => m.Name);
        Assert.That(names, Is.EqualTo(new[] { "", "layers", "layers.0", "layers.1", "head", "head.0", "head.1" }));
    }

    [Test]
    public void BuffersAreNamedAndNonPersistentOnesStayOutOfTheStateDict()
    {
        var model = new Encoder();
        Assert.That(model.NamedBuffers().Select(b => b.Name), Does.Contain("layers.0.scratch").And.Contain("head.0.steps"));
        var keys = model.StateDict().Keys;
        Assert.That(keys, Does.Contain("layers.1.steps").And.Contain("layers.1.scale"));
        Assert.That(keys.Where(k => k.EndsWith("scratch", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void RegisteredParametersRequireGradAndNonLeavesAreRejected()
    {
        var m = new Affine(3);
        Assert.That(m.Parameters().All(p => p.RequiresGrad && p.IsLeaf), Is.True);
        using var computed = m.Scale * 2.0;
        var ex = Assert.Throws<ArgumentException>(() => m.RegisterParameter("twice", computed));
        Assert.That(ex!.Message, Does.Contain("'twice'").And.Contain("leaf"));
    }

    [Test]
    public void DuplicateOrDottedNamesAreRejected()
    {
        var m = new Affine(3);
        Assert.That(() => m.RegisterBuffer("scale", null), Throws.ArgumentException.With.Message.Contain("'scale' is already registered"));
        Assert.That(() => m.RegisterModule("a.b", new Flatten()), Throws.ArgumentException.With.Message.Contain("'a.b'"));
    }

    [Test]
    public void ASharedModuleIsCountedOnce()
    {
        var shared = new Affine(4);
        var model = new Sequential(shared, shared);
        Assert.That(model.Parameters().Count(), Is.EqualTo(2));
        Assert.That(model.ParameterCount(), Is.EqualTo(8));
    }

    [Test]
    public void ParameterCountCanSkipFrozenParameters()
    {
        var model = new Sequential(new Affine(4), new Affine(3));
        ((Affine)model[0]).Scale.RequiresGrad = false;
        Assert.That(model.ParameterCount(), Is.EqualTo(14));
        Assert.That(model.ParameterCount(trainableOnly: true), Is.EqualTo(10));
    }

    [Test]
    public void TrainAndEvalReachEverySubModule()
    {
        var model = new Encoder();
        Assert.That(model.NamedModules().All(m => m.Value.Training), Is.True);
        model.Eval();
        Assert.That(model.NamedModules().Any(m => m.Value.Training), Is.False);
        Assert.That(model.Train(), Is.SameAs(model));
        Assert.That(model.Layers[1].Training, Is.True);
    }

    private static void RunBackward(Module model, IModule layer)
    {
        using var x = Tensor.Ones([2, 3], DType.Float64);
        using var y = layer.Forward(x);
        using var loss = y.Sum();
        loss.Backward();
        Assert.That(model.Parameters().All(p => p.Grad is not null), Is.True);
    }

    [Test]
    public void ZeroGradSetsGradientsToNoneByDefault()
    {
        var m = new Affine(3);
        RunBackward(m, m);
        var old = m.Scale.Grad!;
        m.ZeroGrad();
        Assert.That(m.Parameters().All(p => p.Grad is null), Is.True);
        Assert.That(old.IsDisposed, Is.True);
    }

    [Test]
    public void ZeroGradWithoutSetToNoneZeroesTheSameTensorInPlace()
    {
        var m = new Affine(3);
        RunBackward(m, m);
        var grad = m.Scale.Grad!;
        m.ZeroGrad(setToNone: false);
        Assert.That(m.Scale.Grad, Is.SameAs(grad));
        Assert.That(grad.ToDoubleArray(), Is.EqualTo(new double[3]));
        RunBackward(m, m);
        Assert.That(m.Scale.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 2, 2, 2 }), "the next backward accumulates into the zeros");
    }

    [Test]
    public void StateDictRoundTripReproducesTheOutputs()
    {
        var source = new Sequential(new Affine(3, seed: 1), new Affine(3, seed: 2));
        var target = new Sequential(new Affine(3, seed: 3), new Affine(3, seed: 4));
        var targetScale = ((Affine)target[0]).Scale;
        target.LoadStateDict(source.StateDict());

        using var x = Tensor.Randn([2, 3], new Generator(9), DType.Float64);
        using var expected = source.Forward(x);
        using var actual = target.Forward(x);
        Assert.That(actual.ToDoubleArray(), Is.EqualTo(expected.ToDoubleArray()));
        Assert.That(((Affine)target[0]).Scale, Is.SameAs(targetScale), "values are copied into the existing parameters");
        Assert.That(targetScale.RequiresGrad, Is.True);
    }

    [Test]
    public void StateDictEntriesAreDetachedViewsOfTheModuleState()
    {
        var m = new Affine(3);
        var state = m.StateDict();
        Assert.That(state["scale"].RequiresGrad, Is.False);
        using (Tensor.NoGrad()) m.Scale.FillInPlace(5);
        Assert.That(state["scale"].ToDoubleArray(), Is.EqualTo(new double[] { 5, 5, 5 }));
    }

    [Test]
    public void StrictLoadNamesMissingUnexpectedAndMisshapenEntriesAndCopiesNothing()
    {
        var m = new Affine(3);
        var before = m.Scale.ToDoubleArray();
        var state = new Dictionary<string, Tensor>
        {
            ["scale"] = Tensor.Ones([4], DType.Float64),
            ["steps"] = Tensor.Ones([1], DType.Float64),
            ["extra.weight"] = Tensor.Ones([2], DType.Float64),
        };
        var ex = Assert.Throws<StateDictMismatchException>(() => m.LoadStateDict(state))!;
        Assert.That(ex.MissingKeys, Is.EqualTo(new[] { "shift" }));
        Assert.That(ex.UnexpectedKeys, Is.EqualTo(new[] { "extra.weight" }));
        Assert.That(ex.ShapeMismatches, Has.Count.EqualTo(1));
        Assert.That(ex.Message, Does.Contain("\"shift\"").And.Contain("\"extra.weight\"").And.Contain("scale: the state dict has [4], the module has [3]"));
        Assert.That(m.Scale.ToDoubleArray(), Is.EqualTo(before));
    }

    [Test]
    public void NonStrictLoadSkipsMissingAndUnexpectedKeysButNotShapeMismatches()
    {
        var m = new Affine(3);
        m.LoadStateDict(new Dictionary<string, Tensor> { ["shift"] = Tensor.Full([3], 7, DType.Float64), ["other"] = Tensor.Ones(1) }, strict: false);
        Assert.That(m.StateDict()["shift"].ToDoubleArray(), Is.EqualTo(new double[] { 7, 7, 7 }));
        Assert.That(() => m.LoadStateDict(new Dictionary<string, Tensor> { ["shift"] = Tensor.Ones(2) }, strict: false),
            Throws.TypeOf<StateDictMismatchException>().With.Message.Contain("shift: the state dict has [2]"));
    }

    [Test]
    public void LoadStateDictCastsAndCopiesAcrossDevices()
    {
        var m = new Affine(2);
        using var onOtherDevice = Tensor.From([3f, 4f]).To(CpuDevice.Create(3));
        m.LoadStateDict(new Dictionary<string, Tensor> { ["scale"] = onOtherDevice }, strict: false);
        Assert.That(m.Scale.ToDoubleArray(), Is.EqualTo(new double[] { 3, 4 }));
        Assert.That(m.Scale.DType, Is.EqualTo(DType.Float64));
    }

    [Test]
    public void ToMovesParametersGradientsAndBuffersKeepingRequiresGrad()
    {
        var device = CpuDevice.Create(2);
        var m = new Affine(3);
        m.Scale.RequiresGrad = false;
        RunShiftBackward(m);
        var values = m.StateDict().ToDictionary(e => e.Key, e => e.Value.ToDoubleArray());

        Assert.That(m.To(device), Is.SameAs(m));
        foreach (var (name, p) in m.NamedParameters())
        {
            Assert.That(p.Device, Is.SameAs(device), name);
            Assert.That(p.IsLeaf, Is.True, name);
            Assert.That(p.ToDoubleArray(), Is.EqualTo(values[name]), name);
        }
        Assert.That(m.Scale.RequiresGrad, Is.False);
        Assert.That(m.NamedParameters().Single(p => p.Name == "shift").Value.RequiresGrad, Is.True);
        Assert.That(m.NamedParameters().Single(p => p.Name == "shift").Value.Grad!.Device, Is.SameAs(device));
        Assert.That(m.Buffers().All(b => ReferenceEquals(b.Device, device)), Is.True);

        using var x = Tensor.Ones([3], DType.Float64).To(device);
        using var y = m.Forward(x);
        Assert.That(y.Device, Is.SameAs(device));
    }

    private static readonly Dictionary<string, Func<IEnumerable<Tensor>, Optimizer>> Optimizers = new()
    {
        ["SGD with momentum"] = p => new Sgd(p, 0.1, momentum: 0.9),
        ["Adam"] = p => new Adam(p, 0.1),
        ["AdamW"] = p => new AdamW(p, 0.1),
    };

    private static IEnumerable<string> OptimizerNames => Optimizers.Keys;

    [TestCaseSource(nameof(OptimizerNames))]
    public void ModuleToKeepsParameterObjectsSoAnExistingOptimizerStillTrains(string kind)
    {
        var device = CpuDevice.Create(5);
        var model = new Linear(3, 2, generator: new Generator(4), dtype: DType.Float64);
        var parameters = model.Parameters().ToList();
        var before = parameters.Select(p => p.ToDoubleArray()).ToList();
        var optimizer = Optimizers[kind](parameters);

        model.To(device);
        using (var ones = Tensor.Ones([4, 3], DType.Float64))
        using (var x = ones.To(device))
        using (var loss = model.Forward(x).Sum())
        {
            loss.Backward();
        }
        optimizer.Step();

        Assert.That(model.Parameters().Zip(parameters).All(pair => ReferenceEquals(pair.First, pair.Second)), Is.True, "the same parameter objects");
        Assert.That(model.Weight, Is.SameAs(parameters[0]));
        for (int i = 0; i < parameters.Count; i++)
        {
            Assert.That(parameters[i].Device, Is.SameAs(device), $"parameter {i}");
            Assert.That(parameters[i].RequiresGrad && parameters[i].IsLeaf, Is.True, $"parameter {i}");
            Assert.That(parameters[i].Grad!.Device, Is.SameAs(device), $"parameter {i}'s gradient");
            Assert.That(parameters[i].ToDoubleArray(), Is.Not.EqualTo(before[i]), $"the step must have updated parameter {i}");
        }
    }

    [Test]
    public void ModuleToKeepsTheGradientObjectWhenMovingItsParameter()
    {
        var device = CpuDevice.Create(2);
        var m = new Affine(3);
        RunShiftBackward(m);
        var grad = m.Scale.Grad!;
        var values = grad.ToDoubleArray();
        m.To(device);
        Assert.That(m.Scale.Grad, Is.SameAs(grad));
        Assert.That(grad.Device, Is.SameAs(device));
        Assert.That(grad.ToDoubleArray(), Is.EqualTo(values));
    }

    /// <summary>Holds a parameter it is given, so that two modules can share one tensor (tied weights).</summary>
    private sealed class Holder : Module
    {
        public Holder(Tensor shared) => RegisterParameter("w", shared);

        public Tensor W => GetParameter("w");
    }

    private sealed class Tied : Module
    {
        public Tied(Tensor shared)
        {
            First = RegisterModule("first", new Holder(shared));
            Second = RegisterModule("second", new Holder(shared));
        }

        public Holder First { get; }

        public Holder Second { get; }
    }

    [Test]
    public void ModuleToMovesASharedParameterOnceAndBothModulesStillHoldIt()
    {
        var device = CpuDevice.Create(3);
        var shared = Tensor.From([1.0, 2.0], 2);
        var model = new Tied(shared).To(device);
        var tied = (Tied)model;
        Assert.That(tied.First.W, Is.SameAs(shared));
        Assert.That(tied.Second.W, Is.SameAs(shared));
        Assert.That(shared.IsDisposed, Is.False);
        Assert.That(shared.Device, Is.SameAs(device));
        Assert.That(shared.ToDoubleArray(), Is.EqualTo(new[] { 1.0, 2.0 }));
    }

    [Test]
    public void ZeroGradWithoutSetToNoneDetachesAGradientBuiltWithCreateGraphAndZeroesIt()
    {
        var m = new Affine(3);
        using (var x = Tensor.Ones([3], DType.Float64))
        using (var loss = (m.Forward(x) * m.Forward(x)).Sum())
        {
            loss.Backward(createGraph: true);
        }
        Assert.That(m.Scale.Grad!.GradFn, Is.Not.Null, "createGraph gives the gradient a history");
        m.ZeroGrad(setToNone: false);
        foreach (var p in m.Parameters())
        {
            Assert.That(p.Grad, Is.Not.Null);
            Assert.That(p.Grad!.GradFn, Is.Null);
            Assert.That(p.Grad.RequiresGrad, Is.False);
            Assert.That(p.Grad.ToDoubleArray(), Is.All.EqualTo(0));
        }
    }

    private static void RunShiftBackward(Affine m)
    {
        using var x = Tensor.Ones([3], DType.Float64);
        using var loss = m.Forward(x).Sum();
        loss.Backward();
    }

    [Test]
    public void SequentialDisposesIntermediatesButNotItsInputOrOutput()
    {
        var model = new Sequential(new Affine(3), new Affine(3));
        using var x = Tensor.Ones([2, 3], DType.Float64).RequiresGrad_();
        using var y = model.Forward(x);
        using var loss = y.Sum();
        loss.Backward();
        Assert.That(x.IsDisposed || y.IsDisposed, Is.False);
        Assert.That(x.Grad, Is.Not.Null);
    }

    [Test]
    public void SequentialRejectsLayersThatAreNotModules()
    {
        Assert.That(() => new Sequential(new LambdaLayer()), Throws.ArgumentException.With.Message.Contain("LambdaLayer"));
    }

    private sealed class LambdaLayer : IModule
    {
        public Tensor Forward(Tensor input) => input;
    }

    [Test]
    public void ToStringDescribesTheModuleTree()
    {
        var text = new Sequential(new Flatten(), new Unflatten(1, 2, 3)).ToString();
        Assert.That(text, Is.EqualTo("Sequential(\n  (0): Flatten(start_dim=1, end_dim=-1)\n  (1): Unflatten(dim=1, unflattened_size=[2, 3])\n)"));
    }

    [Test]
    public void UnflattenInvertsFlatten()
    {
        using var x = Tensor.Randn([2, 3, 4], new Generator(1));
        using var flat = new Flatten().Forward(x);
        using var back = new Unflatten(1, 3, -1).Forward(flat);
        Assert.That(flat.Shape, Is.EqualTo(new[] { 2, 12 }));
        Assert.That(back.Shape, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(() => new Unflatten(1, 5, 2).Forward(flat), Throws.ArgumentException.With.Message.Contain("do not fit dimension 1 of size 12"));
    }
}
