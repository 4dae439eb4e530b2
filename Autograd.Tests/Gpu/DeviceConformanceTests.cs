using System.Reflection;

namespace Autograd.Tests.Gpu;

/// <summary>
/// The device conformance suite: every case of <see cref="ConformanceCases"/> runs forward and backward on the device
/// under test and on the CPU from the same random inputs and upstream gradients, and the outputs and input gradients
/// must agree within the case's tolerance. Runs on a peer CPU device, the ILGPU emulator, and CUDA (ignored, with
/// the reason, where there is none).
/// </summary>
[TestFixtureSource(typeof(DeviceTest), nameof(EveryDevice))]
public class DeviceConformanceTests(string device) : DeviceTest(device)
{
    /// <summary>Float64 results must agree this much more closely than Float32 ones (about the ratio of their epsilons).</summary>
    private const double Float64Factor = 1e-7;

    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.Names))]
    public void Float32ForwardAndBackwardMatchTheCpu(string op) => Check(ConformanceCases.All[op], DType.Float32);

    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.Names))]
    public void Float64ForwardAndBackwardMatchTheCpu(string op) => Check(ConformanceCases.All[op], DType.Float64);

    /// <summary>Cases whose functions are smooth at random inputs, so central differences are meaningful.</summary>
    public static IEnumerable<string> GradCheckCases() =>
    [
        "Exp/transposed", "Gelu", "Erf", "Clamp", "Div", "Pow", "Maximum", "Where", "MaskedFill", "Sum/dims", "Var/dims",
        "Std/dims", "LogSumExp/dims", "Norm/p3", "Softmax/dim0", "LogSoftmax", "Max/dim", "MatMul/broadcast-batch",
        "MatMul/transposed", "Expand", "Repeat", "Cat/dim0", "Pad/value", "Gather", "ScatterAdd", "IndexSelect/dim1",
        "IndexAdd", "Unfold", "Fold/overlap", "AddInPlace", "CopyFrom", "LerpInPlace", "AddCMulInPlace", "AddCDivInPlace",
    ];

    /// <summary>
    /// The engine's gradients against central differences, with the whole finite-difference loop on the device
    /// (GradCheck perturbs its inputs in place through the device's upload).
    /// </summary>
    [TestCaseSource(nameof(GradCheckCases))]
    public void GradCheckPassesOnTheDevice(string op)
    {
        var c = ConformanceCases.All[op];
        var inputs = Inputs(c, DType.Float64, new Generator(Seed(op))).OnDevice;
        int[] leaves = [.. Enumerable.Range(0, inputs.Length).Where(k => inputs[k].RequiresGrad)];
        Autodiff.GradCheck(x =>
        {
            var all = (Tensor[])inputs.Clone();
            for (int j = 0; j < leaves.Length; j++) all[leaves[j]] = x[j];
            return c.Run(all)[0];
        }, [.. leaves.Select(k => inputs[k])]);
    }

    /// <summary>Creation functions fill on the device; the random ones draw the CPU generator's exact sequence.</summary>
    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.CreationNames))]
    public void CreationOnTheDeviceMatchesTheCpu(string creation)
    {
        var create = ConformanceCases.Creations[creation];
        var expected = create(CpuDevice.Instance);
        AssertSame(create(Gpu), expected, Tolerance(0), "the created tensor");
    }

    private void Check(ConformanceCase c, DType dtype)
    {
        var generator = new Generator(Seed(c.Name));
        var (cpu, onDevice) = Inputs(c, dtype, generator);
        var expected = c.Run(cpu);
        var actual = c.Run(onDevice);
        double tolerance = Tolerance(dtype == DType.Float64 ? c.Tolerance * Float64Factor : c.Tolerance);

        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            AssertSame(actual[i], expected[i], tolerance, $"output {i}");
            Assert.That(actual[i].GradFn?.Name, Is.EqualTo(expected[i].GradFn?.Name), $"grad_fn of output {i}");
        }

        int[] differentiable = [.. Enumerable.Range(0, expected.Length).Where(i => expected[i].RequiresGrad)];
        int[] leaves = [.. Enumerable.Range(0, cpu.Length).Where(k => cpu[k].RequiresGrad)];
        if (differentiable.Length == 0) return;
        var upstream = differentiable.Select(i => Tensor.Randn([.. expected[i].Shape], generator, expected[i].DType)).ToArray();
        var expectedGrads = Autodiff.Grad([.. differentiable.Select(i => expected[i])], [.. leaves.Select(k => cpu[k])], upstream, allowUnused: true);
        var actualGrads = Autodiff.Grad([.. differentiable.Select(i => actual[i])], [.. leaves.Select(k => onDevice[k])],
            [.. upstream.Select(g => g.To(Gpu))], allowUnused: true);
        for (int j = 0; j < leaves.Length; j++)
        {
            Assert.That(actualGrads[j] is null, Is.EqualTo(expectedGrads[j] is null), $"whether input {leaves[j]} gets a gradient");
            if (expectedGrads[j] is { } g) AssertSame(actualGrads[j]!, g, tolerance, $"gradient of input {leaves[j]}");
        }
    }

    /// <summary>The case's inputs on the CPU and, as separate leaves with the same values, on the device.</summary>
    private (Tensor[] Cpu, Tensor[] OnDevice) Inputs(ConformanceCase c, DType dtype, Generator generator)
    {
        var cpu = c.Inputs.Select(spec => spec.Create(generator, dtype)).ToArray();
        var onDevice = cpu.Select(t => t.RequiresGrad ? t.Detach().To(Gpu).RequiresGrad_() : t.To(Gpu)).ToArray();
        return (cpu, onDevice);
    }

    private void AssertSame(Tensor actual, Tensor expected, double tolerance, string what)
    {
        Assert.That(actual.Device, Is.SameAs(Gpu), $"device of {what}");
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"shape of {what}");
        Assert.That(actual.DType, Is.EqualTo(expected.DType), $"dtype of {what}");
        Assert.That(actual.RequiresGrad, Is.EqualTo(expected.RequiresGrad), $"RequiresGrad of {what}");
        AssertClose(actual.ToDoubleArray(), expected.ToDoubleArray(), tolerance);
    }

    /// <summary>A seed that depends only on the case name (FNV-1a), so a failure reproduces by name.</summary>
    private static ulong Seed(string name)
    {
        ulong hash = 14695981039346656037;
        foreach (char ch in name) hash = (hash ^ ch) * 1099511628211;
        return hash;
    }
}

/// <summary>Keeps <see cref="ConformanceCases"/> complete as ops are added to Core.</summary>
public class ConformanceCoverageTests
{
    /// <summary>
    /// Public Tensor members that return tensors but run nothing on a device: From builds on the CPU (To moves it),
    /// RequiresGrad_ returns its receiver, Grad is a property.
    /// </summary>
    private static readonly HashSet<string> NotOps = ["From", "RequiresGrad_", "Grad"];

    [Test]
    public void EveryPublicTensorOpHasAConformanceCase()
    {
        var ops = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.Name.StartsWith("op_", StringComparison.Ordinal) && ReturnsTensors(m.ReturnType))
            .Select(m => m.Name.StartsWith("get_", StringComparison.Ordinal) ? m.Name[4..] : m.Name)
            .Where(name => !NotOps.Contains(name))
            .ToHashSet();
        var covered = ConformanceCases.All.Values.Select(c => c.Op)
            .Concat(ConformanceCases.Creations.Keys.Select(name => name.Split('/')[0])).ToHashSet();
        Assert.That(ops.Except(covered), Is.Empty, "public ops without a conformance case");
        Assert.That(covered.Except(ops), Is.Empty, "cases naming no public op");
    }

    private static bool ReturnsTensors(Type type) =>
        type == typeof(Tensor) || type == typeof(Tensor[]) || type == typeof((Tensor, Tensor));
}
