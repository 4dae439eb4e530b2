namespace Autograd.Kernels;

/// <summary>
/// An elementwise function of one value. Implemented by small structs so a generic kernel is specialised
/// for each op by the JIT (CPU) or by ILGPU (GPU): one kernel per family, no virtual call per element.
/// </summary>
/// <remarks>Bodies must stay kernel-safe: no allocation, no exceptions, no closures.</remarks>
public interface IUnaryOp
{
    /// <summary>The function in single precision.</summary>
    float Apply(float x);

    /// <summary>The function in double precision.</summary>
    double Apply(double x);
}

/// <summary>An elementwise function of two values of one dtype.</summary>
public interface IBinaryOp
{
    /// <summary>The function in single precision.</summary>
    float Apply(float a, float b);

    /// <summary>The function in double precision.</summary>
    double Apply(double a, double b);

    /// <summary>The function on integers.</summary>
    int Apply(int a, int b);
}

/// <summary>An elementwise predicate of two values of one dtype.</summary>
public interface ICompareOp
{
    /// <summary>The predicate in single precision.</summary>
    bool Apply(float a, float b);

    /// <summary>The predicate in double precision.</summary>
    bool Apply(double a, double b);

    /// <summary>The predicate on integers (Bool operands are compared as 0 and 1).</summary>
    bool Apply(int a, int b);
}

/// <summary>An associative fold with an identity, used by the reduction kernels.</summary>
public interface IReduceOp
{
    /// <summary>The identity element in single precision.</summary>
    float Identity32 { get; }

    /// <summary>The identity element in double precision.</summary>
    double Identity64 { get; }

    /// <summary>The identity element on integers.</summary>
    int IdentityInt { get; }

    /// <summary>Combines an accumulator with one more value.</summary>
    float Combine(float acc, float x);

    /// <summary>Combines an accumulator with one more value.</summary>
    double Combine(double acc, double x);

    /// <summary>Combines an accumulator with one more value.</summary>
    int Combine(int acc, int x);
}
