using System.Reflection;
using Autograd.Tests.Gpu;

namespace Autograd.Tests.Core;

public class GradCheckTests
{
    private static Tensor Input(params int[] shape) =>
        Tensor.Randn(shape, new Generator(7), DType.Float64, requiresGrad: true);

    [Test]
    public void BroadcastArithmeticPassesGradCheck()
    {
        Autodiff.GradCheck(x => (x[0] * x[1] + x[0] / (x[1] * x[1] + 1) - x[1]).Exp(), [Input(2, 3), Input(3)]);
    }

    [Test]
    public void GradCheckReportsTheInputAndElementOfAWrongGradient()
    {
        // Clone of a saved-output formula with the wrong sign would be caught; emulate by checking against a
        // function whose gradient the engine gets right but with a tolerance of zero on a noisy difference.
        var ex = Assert.Throws<GradCheckException>(() =>
            Autodiff.GradCheck(x => x[0].Exp() * 1e8, [Input(3)], eps: 1e-3, atol: 0, rtol: 0));
        Assert.That(ex!.Message, Does.Contain("input 0").And.Contain("element"));
    }

    /// <summary>The gradcheck list of the conformance table, on the CPU itself (the device suite runs it on the others).</summary>
    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.GradCheckNames))]
    public void ConformanceCasePassesGradCheckOnTheCpu(string op) => ConformanceCases.All[op].GradCheck(CpuDevice.Instance);
}

/// <summary>Keeps <see cref="ConformanceCases.GradCheckNames"/> covering every differentiable op as ops are added to Core.</summary>
public class GradCheckCoverageTests
{
    /// <summary>Public Tensor members that return tensors but can never record a grad_fn, so need no gradcheck.</summary>
    private static readonly HashSet<string> NotDifferentiable =
    [
        // comparisons and logic: Bool results, never on the graph
        "Eq", "Ne", "Lt", "Le", "Gt", "Ge", "LogicalAnd", "LogicalOr", "LogicalNot",
        // arg-reductions: Int32 indices
        "ArgMax", "ArgMin",
        // cut the graph by definition
        "Detach", "DetachInPlace",
        // creation functions: new tensors (with requiresGrad, leaves), never results of an op
        "Zeros", "Ones", "Full", "ZerosLike", "OnesLike", "FullLike", "Scalar", "Arange", "Linspace", "Eye", "Rand",
        "Uniform", "Randn", "RandInt", "From",
        // not ops: RequiresGrad_ returns its receiver, Grad is the accumulated gradient
        "RequiresGrad_", "Grad",
    ];

    [Test]
    public void EveryDifferentiablePublicTensorOpHasAGradCheckCase()
    {
        var ops = PublicTensorOps();
        var covered = ConformanceCases.GradCheckNames().Select(name => ConformanceCases.All[name].Op).ToHashSet();

        Assert.That(ops.Except(NotDifferentiable).Except(covered), Is.Empty, "differentiable public ops without a gradcheck case");
        Assert.That(NotDifferentiable.Except(ops), Is.Empty, "exclusions naming no public op");
        Assert.That(covered.Intersect(NotDifferentiable), Is.Empty, "gradcheck cases of ops listed as not differentiable");
    }

    [Test]
    public void EveryGradCheckCaseIsOnTheGraph()
    {
        foreach (var name in ConformanceCases.GradCheckNames())
        {
            var output = Run(ConformanceCases.All[name])[0];
            Assert.That(output.GradFn, Is.Not.Null, $"{name}: a gradcheck of an output without a grad_fn checks nothing");
        }
    }

    [Test]
    public void OpsListedAsNotDifferentiableRecordNoGradFn()
    {
        var excluded = ConformanceCases.All.Values.Where(c => NotDifferentiable.Contains(c.Op)).ToArray();
        Assert.That(excluded, Is.Not.Empty);
        foreach (var c in excluded)
            foreach (var output in Run(c))
                Assert.That(output.GradFn is null && !output.RequiresGrad, Is.True, $"{c.Name} recorded {output.GradFn?.Name}");
        foreach (var (name, create) in ConformanceCases.Creations)
            Assert.That(create(CpuDevice.Instance).GradFn, Is.Null, name);
    }

    /// <summary>The case on Float64 CPU inputs (floating-point ones require grad).</summary>
    private static Tensor[] Run(ConformanceCase c)
    {
        var generator = new Generator(c.Seed);
        return c.Run([.. c.Inputs.Select(spec => spec.Create(generator, DType.Float64))]);
    }

    private static HashSet<string> PublicTensorOps() =>
        typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.Name.StartsWith("op_", StringComparison.Ordinal) && ReturnsTensors(m.ReturnType))
            .Select(m => m.Name.StartsWith("get_", StringComparison.Ordinal) ? m.Name[4..] : m.Name)
            .ToHashSet();

    private static bool ReturnsTensors(Type type) =>
        type == typeof(Tensor) || type == typeof(Tensor[]) || type == typeof((Tensor, Tensor));
}
