namespace Autograd.Tests.Gpu;

/// <summary>How a conformance input is drawn.</summary>
public enum InputKind
{
    /// <summary>Standard normal floats (require grad).</summary>
    Normal,

    /// <summary>Uniform floats in [0.5, 2), for log, sqrt, division (require grad).</summary>
    Positive,

    /// <summary>Floats in {-1, 0, 1}, so comparisons, maxima and minima meet ties (require grad).</summary>
    Ties,

    /// <summary>Uniform floats in [0.5, 2) that do not require grad: constant operands.</summary>
    Constant,

    /// <summary>Int32 indices in [0, High).</summary>
    Index,

    /// <summary>Int32 values in [-3, 3].</summary>
    Integer,

    /// <summary>Bool, true with probability one half.</summary>
    Mask,
}

/// <summary>One input of a conformance case: its kind and shape.</summary>
public readonly record struct InputSpec(InputKind Kind, int[] Shape, int High = 0)
{
    /// <summary>A fresh CPU tensor; floating-point inputs but constants are leaves of <paramref name="dtype"/> that require grad.</summary>
    public Tensor Create(Generator generator, DType dtype) => Kind switch
    {
        InputKind.Normal => Tensor.Randn(Shape, generator, dtype).RequiresGrad_(),
        InputKind.Positive => Tensor.Uniform(Shape, 0.5, 2, generator, dtype).RequiresGrad_(),
        InputKind.Constant => Tensor.Uniform(Shape, 0.5, 2, generator, dtype),
        InputKind.Ties => Tensor.RandInt(-1, 2, Shape, generator).To(dtype).RequiresGrad_(),
        InputKind.Index => Tensor.RandInt(0, High, Shape, generator),
        InputKind.Integer => Tensor.RandInt(-3, 4, Shape, generator),
        _ => Tensor.Rand(Shape, generator) < 0.5,
    };
}

/// <summary>
/// One row of the device conformance table: a Core op (<see cref="Op"/>, the public member it exercises) applied to
/// small random inputs. <see cref="Tolerance"/> is relative to max(1, |expected|) for Float32; 0 means bit-exact
/// (copies and views, whose gradients involve no arithmetic either).
/// </summary>
public sealed record ConformanceCase(string Name, InputSpec[] Inputs, Func<Tensor[], Tensor[]> Run, double Tolerance)
{
    /// <summary>The public Tensor member this case covers: the name up to the first '/'.</summary>
    public string Op => Name.Split('/')[0];

    /// <summary>Whether the op evaluates a transcendental function, which CUDA approximates in Float32.</summary>
    public bool IsTranscendental => ConformanceCases.TranscendentalOps.Contains(Op);

    /// <summary>A seed that depends only on the case name (FNV-1a), so a failure reproduces by name.</summary>
    public ulong Seed
    {
        get
        {
            ulong hash = 14695981039346656037;
            foreach (char ch in Name) hash = (hash ^ ch) * 1099511628211;
            return hash;
        }
    }

    /// <summary>
    /// Float64 inputs drawn from <see cref="Seed"/> on <paramref name="device"/> (floating-point ones as leaves that
    /// require grad), and <see cref="Autodiff.GradCheck"/> of the first output against central differences, the whole
    /// finite-difference loop on that device (GradCheck perturbs its inputs in place through the device's upload).
    /// </summary>
    public void GradCheck(Device device)
    {
        var generator = new Generator(Seed);
        var inputs = Inputs.Select(spec => spec.Create(generator, DType.Float64))
            .Select(t => t.RequiresGrad ? t.Detach().To(device).RequiresGrad_() : t.To(device)).ToArray();
        int[] leaves = [.. Enumerable.Range(0, inputs.Length).Where(k => inputs[k].RequiresGrad)];
        var (eps, atol, rtol) = ConformanceCases.GradCheckTolerances(Name);
        Autodiff.GradCheck(x =>
        {
            var all = (Tensor[])inputs.Clone();
            for (int j = 0; j < leaves.Length; j++) all[leaves[j]] = x[j];
            return Run(all)[0];
        }, [.. leaves.Select(k => inputs[k])], eps, atol, rtol);
    }

    public override string ToString() => Name;
}

/// <summary>
/// Every public differentiable Core op (and the non-differentiable ones that run on a device: comparisons, arg-reductions,
/// casts), each on inputs of a few elements, with broadcast, transposed and sliced variants where an op has such paths.
/// </summary>
public static class ConformanceCases
{
    private const double Float = 1e-5;
    private const double Exact = 0;

    public static IReadOnlyDictionary<string, ConformanceCase> All { get; } = Build();

    /// <summary>
    /// Ops whose forward or backward evaluates exp, log, sqrt, trigonometric, erf or pow functions: on CUDA their
    /// Float32 results may differ from the CPU's by more than rounding (see DeviceTest.Tolerance).
    /// </summary>
    public static IReadOnlySet<string> TranscendentalOps { get; } = new HashSet<string>
    {
        "Log", "Log1p", "Sqrt", "Rsqrt", "Sin", "Cos", "Tanh", "Sigmoid", "Gelu", "Silu", "Softplus", "Pow", "Exp", "Erf",
        "Std", "LogSumExp", "Norm", "Softmax", "LogSoftmax",
    };

    public static IEnumerable<string> Names() => All.Keys;

    /// <summary>
    /// The cases checked against finite differences: at least one per differentiable op (see GradCheckCoverageTests),
    /// with broadcast and transposed variants of the arithmetic. Their functions are smooth at random inputs (no ties,
    /// no kinks within eps), so central differences are meaningful.
    /// </summary>
    public static IEnumerable<string> GradCheckNames() =>
    [
        // unary
        "Abs", "Sign", "Log", "Log1p", "Sqrt", "Rsqrt", "Reciprocal", "Sin", "Cos", "Tanh", "Sigmoid", "Relu", "LeakyRelu",
        "Gelu", "Silu", "Softplus", "Pow/scalar", "Clamp", "ClampInPlace", "Exp/transposed", "Neg", "Erf",
        // binary, broadcast and transposed
        "Add", "Add/transposed", "Sub", "Sub/transposed", "Mul", "Mul/transposed", "Div", "Div/transposed", "Pow",
        "Maximum", "Minimum", "Where", "MaskedFill",
        // reductions
        "Sum/dims", "Mean/dims", "Max", "Max/dim", "Min", "Min/dim", "Amax/distinct", "Amin/distinct", "Var/dims", "Std/dims",
        "LogSumExp/dims", "Norm/p3", "Softmax/dim0", "LogSoftmax", "MatMul/broadcast-batch", "MatMul/transposed",
        // views and copies
        "Reshape", "Reshape/transposed", "View", "Flatten/range", "Expand", "ExpandAs", "Permute", "Transpose", "T", "Squeeze",
        "Unsqueeze", "Narrow", "Select", "Subscript/mixed", "Contiguous", "Clone", "To/float32",
        // joining, indexing
        "Cat/dim0", "Stack", "Split", "Chunk", "Pad/value", "Repeat", "Gather", "ScatterAdd", "IndexSelect/dim1", "IndexAdd",
        "Unfold", "Fold/overlap",
        // in place, on a clone of the leaf
        "AddInPlace", "AddInPlace/alpha", "SubInPlace", "MulInPlace", "DivInPlace", "FillInPlace", "ZeroInPlace", "CopyFrom",
        "LerpInPlace", "AddCMulInPlace", "AddCDivInPlace",
    ];

    /// <summary>
    /// GradCheck's (eps, atol, rtol) for a case: the defaults, except where the function rounds through Float32,
    /// whose central differences need a wider step and tolerance.
    /// </summary>
    public static (double Eps, double Atol, double Rtol) GradCheckTolerances(string name) =>
        name == "To/float32" ? (1e-3, 1e-3, 1e-2) : (1e-6, 1e-5, 1e-3);

    /// <summary>Every creation function, by name (the part before '/' is the Tensor member), building a tensor on a device.</summary>
    public static IReadOnlyDictionary<string, Func<Device, Tensor>> Creations { get; } = new Dictionary<string, Func<Device, Tensor>>
    {
        ["Zeros"] = d => Tensor.Zeros([2, 3], DType.Float64, d),
        ["Ones"] = d => Tensor.Ones([2, 3], DType.Int32, d),
        ["Full"] = d => Tensor.Full([3, 2], -1.5, DType.Float32, d),
        ["Full/bool"] = d => Tensor.Full([4], 1, DType.Bool, d),
        ["Scalar"] = d => Tensor.Scalar(2.5, DType.Float64, d),
        ["ZerosLike"] = d => Tensor.ZerosLike(Tensor.Ones([2, 2], DType.Float32, d)),
        ["OnesLike"] = d => Tensor.OnesLike(Tensor.Zeros([3], DType.Int32, d)),
        ["FullLike"] = d => Tensor.FullLike(Tensor.Zeros([2, 3], DType.Float64, d), 7),
        ["Arange"] = d => Tensor.Arange(-1, 2, 0.25, DType.Float32, d),
        ["Arange/int"] = d => Tensor.Arange(7, DType.Int32, d),
        ["Linspace"] = d => Tensor.Linspace(-1, 1, 9, DType.Float64, d),
        ["Eye"] = d => Tensor.Eye(3, 4, DType.Float32, d),
        ["Rand"] = d => Tensor.Rand([3, 5], new Generator(11), DType.Float64, d),
        ["Uniform"] = d => Tensor.Uniform([3, 5], -2, 3, new Generator(12), DType.Float32, d),
        ["Randn"] = d => Tensor.Randn([4, 5], new Generator(13), DType.Float64, d),
        ["RandInt"] = d => Tensor.RandInt(-4, 9, [4, 5], new Generator(14), d),
    };

    public static IEnumerable<string> CreationNames() => Creations.Keys;

    private static InputSpec N(params int[] shape) => new(InputKind.Normal, shape);
    private static InputSpec P(params int[] shape) => new(InputKind.Positive, shape);
    private static InputSpec T(params int[] shape) => new(InputKind.Ties, shape);
    private static InputSpec C(params int[] shape) => new(InputKind.Constant, shape);
    private static InputSpec I(int high, params int[] shape) => new(InputKind.Index, shape, high);
    private static InputSpec Z(params int[] shape) => new(InputKind.Integer, shape);
    private static InputSpec M(params int[] shape) => new(InputKind.Mask, shape);

    private static Dictionary<string, ConformanceCase> Build()
    {
        var cases = new Dictionary<string, ConformanceCase>();
        void One(string name, InputSpec[] inputs, Func<Tensor[], Tensor> run, double tolerance = Float) =>
            cases.Add(name, new ConformanceCase(name, inputs, x => [run(x)], tolerance));
        void Many(string name, InputSpec[] inputs, Func<Tensor[], Tensor[]> run, double tolerance = Float) =>
            cases.Add(name, new ConformanceCase(name, inputs, run, tolerance));

        // unary (plus one transposed input, which the elementwise kernel reads through its strides)
        One("Abs", [N(3, 4)], x => x[0].Abs());
        One("Sign", [N(3, 4)], x => x[0].Sign());
        One("Log", [P(3, 4)], x => x[0].Log());
        One("Log1p", [P(3, 4)], x => x[0].Log1p());
        One("Sqrt", [P(3, 4)], x => x[0].Sqrt());
        One("Rsqrt", [P(3, 4)], x => x[0].Rsqrt());
        One("Reciprocal", [P(3, 4)], x => x[0].Reciprocal());
        One("Sin", [N(3, 4)], x => x[0].Sin());
        One("Cos", [N(3, 4)], x => x[0].Cos());
        One("Tanh", [N(3, 4)], x => x[0].Tanh());
        One("Sigmoid", [N(3, 4)], x => x[0].Sigmoid());
        One("Relu", [N(3, 4)], x => x[0].Relu());
        One("LeakyRelu", [N(3, 4)], x => x[0].LeakyRelu(0.1));
        One("Gelu", [N(3, 4)], x => x[0].Gelu());
        One("Gelu/tanh", [N(3, 4)], x => x[0].Gelu(tanhApproximation: true));
        One("Silu", [N(3, 4)], x => x[0].Silu());
        One("Softplus", [N(3, 4)], x => x[0].Softplus());
        One("Softplus/threshold", [N(3, 4)], x => x[0].Softplus(beta: 2, threshold: 1));
        One("Pow/scalar", [P(3, 4)], x => x[0].Pow(2.5));
        One("Pow/integer", [N(3, 4)], x => x[0].Pow(3));
        One("Clamp", [N(3, 4)], x => x[0].Clamp(-0.5, 0.7));
        One("Clamp/min", [N(3, 4)], x => x[0].Clamp(0.1, null));
        One("Clamp/max", [N(3, 4)], x => x[0].Clamp(null, -0.2));
        One("ClampInPlace", [N(3, 4)], x => x[0].Clone().ClampInPlace(-0.5, 0.5));
        One("Exp", [N(3, 4)], x => x[0].Exp());
        One("Exp/transposed", [N(4, 3)], x => x[0].T.Exp());
        One("Neg", [N(3, 4)], x => x[0].Neg());
        One("Erf", [N(3, 4)], x => x[0].Erf());
        One("LogicalNot", [M(3, 4)], x => x[0].LogicalNot(), Exact);

        // binary, broadcast in every direction, with scalars, and on a transposed view
        One("Add", [N(3, 4), N(4)], x => Tensor.Add(x[0], x[1]));
        One("Add/scalar", [N(3, 4)], x => x[0] + 2);
        One("Sub", [N(3, 1), N(1, 4)], x => Tensor.Sub(x[0], x[1]));
        One("Sub/scalar", [N(3, 4)], x => 2 - x[0]);
        One("Mul", [N(2, 3, 4), N(3, 1)], x => Tensor.Mul(x[0], x[1]));
        One("Add/transposed", [N(4, 3), N(3, 4)], x => x[0].T + x[1]);
        One("Sub/transposed", [N(3, 4), N(4, 3)], x => x[0] - x[1].T);
        One("Mul/transposed", [N(4, 3), N(3, 4)], x => x[0].T * x[1]);
        One("Div", [N(3, 4), P(4)], x => Tensor.Div(x[0], x[1]));
        One("Div/transposed", [N(3, 4), P(4, 3)], x => x[0] / x[1].T);
        One("Div/scalar", [P(3, 4)], x => 3 / x[0]);
        One("Pow", [P(3, 4), N(4)], x => Tensor.Pow(x[0], x[1]));
        One("Maximum", [N(3, 4), N(4)], x => Tensor.Maximum(x[0], x[1]));
        One("Maximum/ties", [T(3, 4), T(3, 4)], x => Tensor.Maximum(x[0], x[1]));
        One("Minimum", [N(3, 1), N(3, 4)], x => Tensor.Minimum(x[0], x[1]));
        One("Minimum/ties", [T(3, 4), T(4)], x => Tensor.Minimum(x[0], x[1]));

        // comparisons and logic (Bool results, no graph)
        One("Eq", [T(3, 4), T(4)], x => x[0].Eq(x[1]), Exact);
        One("Eq/integer", [Z(3, 4), Z(3, 4)], x => x[0].Eq(x[1]), Exact);
        One("Ne", [T(3, 4), T(3, 4)], x => x[0].Ne(x[1]), Exact);
        One("Lt", [T(3, 4), T(3, 1)], x => x[0].Lt(x[1]), Exact);
        One("Lt/scalar", [N(3, 4)], x => x[0] < 0.25, Exact);
        One("Le", [T(3, 4), T(3, 4)], x => x[0].Le(x[1]), Exact);
        One("Le/integer", [Z(3, 4)], x => x[0].Le(1), Exact);
        One("Gt", [T(3, 4), T(4)], x => x[0].Gt(x[1]), Exact);
        One("Ge", [T(3, 4), T(3, 4)], x => x[0].Ge(x[1]), Exact);
        One("Ge/scalar", [T(3, 4)], x => x[0].Ge(0), Exact);
        One("LogicalAnd", [M(3, 4), M(4)], x => x[0].LogicalAnd(x[1]), Exact);
        One("LogicalOr", [M(3, 4), M(3, 4)], x => x[0].LogicalOr(x[1]), Exact);
        One("Where", [M(3, 4), N(3, 4), N(4)], x => Tensor.Where(x[0], x[1], x[2]));
        One("Where/scalars", [M(3, 4), N(3, 4)], x => Tensor.Where(x[0], x[1], 0.5) + Tensor.Where(x[0], -1, x[1]));
        One("MaskedFill", [N(3, 4), M(4)], x => x[0].MaskedFill(x[1], -1), Exact);

        // reductions; a tensor concatenated with itself has every extreme value twice, so the tie rules are always exercised
        One("Sum", [N(3, 4)], x => x[0].Sum());
        One("Sum/dims", [N(2, 3, 4)], x => x[0].Sum([0, 2], keepDim: true));
        One("Sum/dim", [N(2, 3, 4)], x => x[0].Sum(1));
        One("Sum/transposed", [N(4, 3)], x => x[0].T.Sum(1));
        One("Sum/integer", [Z(3, 4)], x => x[0].Sum(0), Exact);
        One("Mean", [N(3, 4)], x => x[0].Mean());
        One("Mean/dims", [N(2, 3, 4)], x => x[0].Mean([1, 2]));
        One("Mean/dim", [N(2, 3, 4)], x => x[0].Mean(0, keepDim: true));
        One("Max", [N(3, 4)], x => x[0].Max());
        One("Max/ties", [T(3, 4)], x => Tensor.Cat([x[0], x[0]]).Max());
        Many("Max/dim", [N(2, 3, 4)], x => { var (v, i) = x[0].Max(1); return [v, i]; });
        Many("Max/dim-ties", [T(3, 5)], x => { var (v, i) = Tensor.Cat([x[0], x[0]], 1).Max(1, keepDim: true); return [v, i]; });
        One("Min", [N(3, 4)], x => x[0].Min());
        Many("Min/dim", [N(2, 3, 4)], x => { var (v, i) = x[0].Min(-1, keepDim: true); return [v, i]; });
        One("Amax", [T(2, 3, 4)], x => x[0].Amax([0, 2], keepDim: true));
        One("Amin", [T(2, 3, 4)], x => x[0].Amin([1]));
        One("Amax/distinct", [N(2, 3, 4)], x => x[0].Amax([0, 2]));
        One("Amin/distinct", [N(2, 3, 4)], x => x[0].Amin([1], keepDim: true));
        One("ArgMax", [N(3, 4)], x => x[0].ArgMax(), Exact);
        One("ArgMax/dim", [N(2, 3, 4)], x => x[0].ArgMax(1), Exact);
        One("ArgMin", [N(2, 3, 4)], x => x[0].ArgMin(2, keepDim: true), Exact);
        One("ArgMin/ties", [T(3, 4)], x => Tensor.Cat([x[0], x[0]], 1).ArgMin(1), Exact);
        One("Var", [N(3, 4)], x => x[0].Var());
        One("Var/dims", [N(2, 3, 4)], x => x[0].Var([0, 2], correction: 0, keepDim: true));
        One("Std", [N(3, 4)], x => x[0].Std());
        One("Std/dims", [N(2, 3, 4)], x => x[0].Std([1]));
        One("LogSumExp", [N(2, 3, 4)], x => x[0].LogSumExp([1]));
        One("LogSumExp/dims", [N(2, 3, 4)], x => x[0].LogSumExp([0, 2], keepDim: true));
        One("Norm", [N(3, 4)], x => x[0].Norm());
        One("Norm/p1", [N(2, 3, 4)], x => x[0].Norm(1, [2]));
        One("Norm/p3", [N(2, 3, 4)], x => x[0].Norm(3, [0, 1], keepDim: true));
        One("Norm/inf", [N(3, 4)], x => x[0].Norm(double.PositiveInfinity, [1]));
        One("Softmax", [N(3, 5)], x => x[0].Softmax(1));
        One("Softmax/dim0", [N(3, 5)], x => x[0].Softmax(0));
        One("LogSoftmax", [N(3, 5)], x => x[0].LogSoftmax(-1));
        One("LogSoftmax/dim0", [N(2, 3, 4)], x => x[0].LogSoftmax(1));

        // matrix products
        One("MatMul", [N(3, 4), N(4, 5)], x => x[0].MatMul(x[1]));
        One("MatMul/batched", [N(2, 3, 4), N(2, 4, 5)], x => Tensor.MatMul(x[0], x[1]));
        One("MatMul/broadcast-batch", [N(2, 1, 3, 4), N(3, 4, 2)], x => x[0].MatMul(x[1]));
        One("MatMul/matrix-vector", [N(3, 4), N(4)], x => x[0].MatMul(x[1]));
        One("MatMul/vector-matrix", [N(4), N(2, 4, 5)], x => x[0].MatMul(x[1]));
        One("MatMul/vector-vector", [N(4), N(4)], x => x[0].MatMul(x[1]));
        One("MatMul/transposed", [N(4, 3), N(5, 4)], x => x[0].T.MatMul(x[1].T));

        // views and copies
        One("Reshape", [N(2, 3, 4)], x => x[0].Reshape(6, -1), Exact);
        One("Reshape/transposed", [N(3, 4)], x => x[0].T.Reshape(12), Exact);
        One("View", [N(2, 3, 4)], x => x[0].View(3, 8), Exact);
        One("Flatten", [N(2, 3, 4)], x => x[0].Flatten(), Exact);
        One("Flatten/range", [N(2, 3, 4)], x => x[0].Flatten(1), Exact);
        One("Expand", [N(3, 1)], x => x[0].Expand(2, 3, 4));
        One("ExpandAs", [N(4), N(3, 4)], x => x[0].ExpandAs(x[1]) * x[1]);
        One("Permute", [N(2, 3, 4)], x => x[0].Permute(2, 0, 1), Exact);
        One("Transpose", [N(2, 3, 4)], x => x[0].Transpose(0, 2), Exact);
        One("T", [N(3, 4)], x => x[0].T, Exact);
        One("Squeeze", [N(3, 1, 4, 1)], x => x[0].Squeeze(), Exact);
        One("Squeeze/dim", [N(3, 1, 4)], x => x[0].Squeeze(1), Exact);
        One("Unsqueeze", [N(3, 4)], x => x[0].Unsqueeze(1), Exact);
        One("Narrow", [N(3, 5)], x => x[0].Narrow(1, 1, 3), Exact);
        One("Select", [N(3, 4, 2)], x => x[0].Select(1, 2), Exact);
        One("Subscript", [N(3, 5)], x => x[0][.., 1..4], Exact);
        One("Subscript/mixed", [N(3, 4, 5)], x => x[0][^1, .., 2], Exact);
        One("Contiguous", [N(4, 3)], x => x[0].T.Contiguous(), Exact);
        One("Clone", [N(3, 4)], x => x[0].Clone(), Exact);
        One("Detach", [N(3, 4)], x => x[0].Detach(), Exact);
        One("DetachInPlace", [N(3, 4)], x => (x[0] * 1).DetachInPlace(), Exact);
        One("To/float64", [N(3, 4)], x => x[0].To(DType.Float64), Exact);
        One("To/float32", [N(3, 4)], x => x[0].To(DType.Float32) * x[0].To(DType.Float32));
        One("To/int32", [N(3, 4)], x => (x[0] * 3).To(DType.Int32), Exact);
        One("To/bool", [Z(3, 4)], x => x[0].To(DType.Bool), Exact);

        // joining, splitting, padding, tiling
        One("Cat", [N(2, 3), N(2, 2)], x => Tensor.Cat([x[0], x[1]], 1), Exact);
        One("Cat/dim0", [N(2, 3), N(1, 3), N(3, 3)], x => Tensor.Cat([x[0], x[1], x[2]]), Exact);
        One("Stack", [N(2, 3), N(2, 3)], x => Tensor.Stack([x[0], x[1]], 1), Exact);
        Many("Split", [N(3, 5)], x => x[0].Split(2, 1), Exact);
        Many("Split/sizes", [N(5, 2)], x => x[0].Split([1, 3, 1]), Exact);
        Many("Chunk", [N(5, 3)], x => x[0].Chunk(2), Exact);
        One("Pad", [N(3, 4)], x => x[0].Pad([1, 2]), Exact);
        One("Pad/value", [N(2, 3, 4)], x => x[0].Pad([1, 0, 2, 1], 0.5), Exact);
        One("Pad/negative", [N(3, 5)], x => x[0].Pad([-1, 1]), Exact);
        One("Repeat", [N(3, 2)], x => x[0].Repeat(2, 1, 3));

        // indexing (the sliced cases give the kernels operands that start at a non-zero offset)
        One("Gather", [N(3, 4), I(4, 3, 5)], x => x[0].Gather(1, x[1]));
        One("Gather/dim0", [N(3, 4), I(3, 2, 4)], x => x[0].Gather(0, x[1]));
        One("Gather/sliced", [N(4, 4), I(4, 4, 3)], x => x[0].Narrow(0, 1, 3).Gather(1, x[1].Narrow(0, 1, 3)));
        One("ScatterAdd", [N(3, 4), I(4, 3, 5), N(3, 5)], x => x[0].ScatterAdd(1, x[1], x[2]));
        One("IndexSelect", [N(3, 4), I(3, 5)], x => x[0].IndexSelect(0, x[1]));
        One("IndexSelect/dim1", [N(2, 4, 3), I(4, 3)], x => x[0].IndexSelect(1, x[1]));
        One("IndexSelect/sliced", [N(4, 3), I(3, 6)], x => x[0].Narrow(0, 2, 2).IndexSelect(1, x[1].Narrow(0, 2, 4)));
        One("IndexAdd", [N(3, 4), I(4, 5), N(3, 5)], x => x[0].IndexAdd(1, x[1], x[2]));
        One("IndexAdd/sliced", [N(3, 4), I(3, 6), N(3, 5)], x => x[0].IndexAdd(0, x[1].Narrow(0, 3, 3), x[2].Narrow(1, 1, 4)));
        One("Unfold", [N(1, 2, 5, 5)], x => x[0].Unfold([2, 3], padding: [1, 0], stride: [2, 1]));
        One("Unfold/dilation", [N(2, 1, 4, 5)], x => x[0].Unfold([2, 2], dilation: [1, 2]));
        One("Fold", [N(1, 8, 4)], x => Tensor.Fold(x[0], [4, 4], [2, 2], stride: [2, 2]), Exact);
        One("Fold/overlap", [N(1, 4, 9)], x => Tensor.Fold(x[0], [4, 4], [2, 2]));

        // in place, on a non-leaf clone of a leaf (its history records the op, as in PyTorch's gradcheck of in-place
        // ops); a tensor multiplied or divided in place is not saved (the engine rejects the backward that would need its
        // old value), so the other operand is a constant
        One("AddInPlace", [N(3, 4), N(4)], x => x[0].Clone().AddInPlace(x[1]));
        One("AddInPlace/scalar", [N(3, 4)], x => x[0].Clone().AddInPlace(0.5));
        One("AddInPlace/alpha", [N(3, 4), N(4)], x => x[0].Clone().AddInPlace(x[1], -1.5));
        One("SubInPlace", [N(3, 4), N(3, 4)], x => x[0].Clone().SubInPlace(x[1]));
        One("MulInPlace", [N(3, 4), C(3, 1)], x => x[0].Clone().MulInPlace(x[1]));
        One("MulInPlace/scalar", [N(3, 4)], x => x[0].Clone().MulInPlace(-2));
        One("DivInPlace", [N(3, 4), C(4)], x => x[0].Clone().DivInPlace(x[1]));
        One("DivInPlace/scalar", [N(3, 4)], x => x[0].Clone().DivInPlace(3));
        // without a gradient to record, scalar in-place ops pass the scalar into the kernel (no 0-d tensor)
        One("MulInPlace/scalar-no-grad", [N(3, 4)], x => x[0].Detach().Clone().MulInPlace(-2).AddInPlace(0.5).DivInPlace(3));
        One("LerpInPlace", [N(3, 4), N(4)], x => x[0].Clone().LerpInPlace(x[1], 0.3));
        One("LerpInPlace/far", [N(3, 4), N(3, 4)], x => x[0].Clone().LerpInPlace(x[1], 0.8));
        One("AddCMulInPlace", [N(3, 4), N(4), N(3, 1)], x => x[0].Clone().AddCMulInPlace(x[1], x[2], 0.5));
        One("AddCDivInPlace", [N(3, 4), N(4), P(3, 1)], x => x[0].Clone().AddCDivInPlace(x[1], x[2], -0.5));
        One("FillInPlace", [N(3, 4)], x => x[0].Clone().FillInPlace(0.25) * x[0]);
        One("ZeroInPlace", [N(3, 4)], x => x[0].Clone().ZeroInPlace() + x[0]);
        One("CopyFrom", [N(3, 4), N(4)], x => x[0].Clone().CopyFrom(x[1]));
        return cases;
    }
}
