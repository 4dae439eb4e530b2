namespace Autograd.Kernels;

/// <summary>
/// Scalar functions .NET's <see cref="Math"/> lacks (or computes inaccurately), written kernel-safe (straight-line
/// arithmetic, no tables, no allocation) so the same code runs inside CPU and GPU kernels.
/// </summary>
public static class SpecialFunctions
{
    private const double InvSqrtPi = 0.56418958354775628695;

    /// <summary>
    /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, by W. J. Cody's rational Chebyshev approximations
    /// (CALERF, 1969/1985): erf on |x| ≤ 0.46875, erfc on 0.46875 &lt; |x| ≤ 4 and beyond; accurate to a few ulps.
    /// </summary>
    public static double Erf(double x)
    {
        double y = Math.Abs(x);
        if (y <= 0.46875)
        {
            double z = y > 1.11e-16 ? y * y : 0;
            double num = ((((0.185777706184603153 * z + 3.16112374387056560) * z + 113.864154151050156) * z
                + 377.485237685302021) * z + 3209.37758913846947);
            double den = ((((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z
                + 2844.23683343917062);
            return x * num / den;
        }
        double erfc;
        if (y <= 4)
        {
            double num = (((((((2.15311535474403846e-8 * y + 0.564188496988670089) * y + 8.88314979438837594) * y
                + 66.1191906371416295) * y + 298.635138197400131) * y + 881.952221241769090) * y
                + 1712.04761263407058) * y + 2051.07837782607147) * y + 1230.33935479799725;
            double den = (((((((y + 15.7449261107098347) * y + 117.693950891312499) * y + 537.181101862009858) * y
                + 1621.38957456669019) * y + 3290.79923573345963) * y + 4362.61909014324716) * y
                + 3439.36767414372164) * y + 1230.33935480374942;
            erfc = ScaledByGaussian(y, num / den);
        }
        else if (y < 26.543)
        {
            double z = 1 / (y * y);
            double num = (((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z
                + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4) * z;
            double den = ((((z + 2.56852019228982242) * z + 1.87295284992346047) * z + 0.527905102951428412) * z
                + 0.0605183413124413191) * z + 2.33520497626869185e-3;
            erfc = ScaledByGaussian(y, (InvSqrtPi - num / den) / y);
        }
        else
        {
            erfc = double.IsNaN(y) ? y : 0;
        }
        double result = (0.5 - erfc) + 0.5;
        return x < 0 ? -result : result;
    }

    /// <summary>erf in single precision: Cody's single-precision variant (same coefficients, float arithmetic).</summary>
    public static float Erf(float x)
    {
        float y = MathF.Abs(x);
        if (y <= 0.46875f)
        {
            float z = y > 5.96e-8f ? y * y : 0;
            float num = ((((0.185777706f * z + 3.16112375f) * z + 113.864154f) * z + 377.485238f) * z + 3209.37759f);
            float den = ((((z + 23.6012910f) * z + 244.024638f) * z + 1282.61653f) * z + 2844.23683f);
            return x * num / den;
        }
        float erfc;
        if (y <= 4)
        {
            float num = (((((((2.15311535e-8f * y + 0.564188497f) * y + 8.88314979f) * y + 66.1191906f) * y
                + 298.635138f) * y + 881.952221f) * y + 1712.04761f) * y + 2051.07838f) * y + 1230.33935f;
            float den = (((((((y + 15.7449261f) * y + 117.693951f) * y + 537.181102f) * y + 1621.38957f) * y
                + 3290.79924f) * y + 4362.61909f) * y + 3439.36767f) * y + 1230.33935f;
            erfc = ScaledByGaussian(y, num / den);
        }
        else if (y < 9.194f)
        {
            float z = 1 / (y * y);
            float num = (((((0.0163153871f * z + 0.305326635f) * z + 0.360344900f) * z + 0.125781726f) * z
                + 0.0160837851f) * z + 6.58749162e-4f) * z;
            float den = ((((z + 2.56852019f) * z + 1.87295285f) * z + 0.527905103f) * z + 0.0605183413f) * z
                + 2.33520498e-3f;
            erfc = ScaledByGaussian(y, (0.564189584f - num / den) / y);
        }
        else
        {
            erfc = float.IsNaN(y) ? y : 0;
        }
        float result = (0.5f - erfc) + 0.5f;
        return x < 0 ? -result : result;
    }

    // e^(−y²)·r, with y² split as ŷ² + (y−ŷ)(y+ŷ), ŷ = y rounded down to 1/16, so that exp's argument is exact
    // enough: forming y·y directly would lose the low bits that matter once e^(−y²) is tiny (Cody's device).
    private static double ScaledByGaussian(double y, double r)
    {
        double head = Math.Floor(y * 16) / 16;
        double delta = (y - head) * (y + head);
        return Math.Exp(-head * head) * Math.Exp(-delta) * r;
    }

    private static float ScaledByGaussian(float y, float r)
    {
        float head = MathF.Floor(y * 16) / 16;
        float delta = (y - head) * (y + head);
        return MathF.Exp(-head * head) * MathF.Exp(-delta) * r;
    }

    /// <summary>
    /// ln(1 + x), accurate also for tiny x where 1 + x rounds (Kahan's device: the rounding error of u = 1 + x
    /// cancels in ln(u)·x/(u − 1)). .NET's LogP1 is computed as ln(x + 1) and loses those digits.
    /// </summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (u == double.PositiveInfinity) return u;
        return Math.Log(u) * x / (u - 1);
    }

    /// <inheritdoc cref="Log1p(double)"/>
    public static float Log1p(float x)
    {
        float u = 1 + x;
        if (u == 1) return x;
        if (u == float.PositiveInfinity) return u;
        return MathF.Log(u) * x / (u - 1);
    }
}
