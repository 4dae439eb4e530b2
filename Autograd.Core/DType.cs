namespace Autograd;

/// <summary>The element type of a tensor.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float, the default for new tensors.</summary>
    Float32,
    /// <summary>64-bit IEEE float, for gradient checks and precise work.</summary>
    Float64,
    /// <summary>32-bit signed integer, for indices and class labels.</summary>
    Int32,
    /// <summary>Boolean, for masks and comparison results.</summary>
    Bool,
}

/// <summary>Facts about <see cref="DType"/> values and PyTorch's type-promotion rules.</summary>
public static class DTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int32 => 4,
        DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>The result type of a binary op between two tensors: Bool &lt; Int32 &lt; Float32 &lt; Float64.</summary>
    public static DType Promote(DType a, DType b) => Math.Max(Rank(a), Rank(b)) switch
    {
        3 => DType.Float64,
        2 => DType.Float32,
        1 => DType.Int32,
        _ => DType.Bool,
    };

    /// <summary>
    /// PyTorch's result type of a binary op between tensors of ranks <paramref name="rankA"/> and
    /// <paramref name="rankB"/>: a 0-d tensor decides the type only when its category (bool &lt; integer &lt; floating)
    /// is higher than the other operand's, so <c>float32 [n] + float64 0-d</c> stays float32 while
    /// <c>int32 [n] + float64 0-d</c> is float64, as for a C# scalar operand.
    /// </summary>
    public static DType ResultType(DType a, int rankA, DType b, int rankB)
    {
        if ((rankA == 0) == (rankB == 0)) return Promote(a, b);
        var (dimensioned, zeroDim) = rankA == 0 ? (b, a) : (a, b);
        return Category(zeroDim) > Category(dimensioned) ? Promote(dimensioned, zeroDim) : dimensioned;
    }

    private static int Category(DType d) => d switch { DType.Bool => 0, DType.Int32 => 1, _ => 2 };

    private static int Rank(DType d) => d switch { DType.Bool => 0, DType.Int32 => 1, DType.Float32 => 2, _ => 3 };

    /// <summary>PyTorch's lower-case name (<c>torch.float32</c> prints as <c>float32</c>).</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int32 => "int32",
        _ => "bool",
    };
}
