namespace Autograd;

/// <summary>The distributions a device can draw from the counter-based generator.</summary>
public enum RandomDistribution
{
    /// <summary>Uniform on [a, b).</summary>
    Uniform,
    /// <summary>Normal with mean a and standard deviation b.</summary>
    Normal,
    /// <summary>Integers uniform on [a, b).</summary>
    Integer,
}
