// Exact-erf GELU, gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2))), as timm's nn.GELU computes it.
//
// GLSL has no erf, so it is rebuilt from two fits made for this project (Chebyshev interpolation with
// mpmath, 40 digits), each accurate far beyond fp32:
//   |z| < 1:  erf(z)  = z * P(z^2)                          |P error| < 1.3e-9
//   |z| >= 1: erfc(z) = exp(-z^2) * t * Q(s),  t = 1/(1+z),  s = 4t - 1 = (3-z)/(1+z) in (-1, 1]
//                                                           |Q error| < 2.9e-9 (Q is 0.56 .. 0.73)
// The tail is kept in erfc form on purpose: for negative x the result is x * erfc(|z|) / 2, a tiny
// number that 1 + erf(z) would lose to cancellation. Q is polynomial in s rather than t because its
// coefficients then shrink steadily and Horner's rule stays well conditioned in fp32.
#ifndef MAE_GELU_GLSL
#define MAE_GELU_GLSL

float gelu_erf_small(float z)
{
    float u = z * z;
    float p = 7.8758750626854883e-5;
    p = p * u - 8.0168642871658695e-4;
    p = p * u + 5.189087423433974e-3;
    p = p * u - 2.6854212010626412e-2;
    p = p * u + 1.1283594715160218e-1;
    p = p * u - 3.7612626666720331e-1;
    p = p * u + 1.1283791658483509;
    return z * p;
}

// erfc(z) for z >= 1.
float gelu_erfc_tail(float z)
{
    float t = 1.0 / (1.0 + z);
    float s = (3.0 - z) * t;
    float q = -5.894072868e-6;
    q = q * s - 3.526706729e-6;
    q = q * s + 5.595145807e-5;
    q = q * s - 4.158285438e-5;
    q = q * s - 3.014565137e-4;
    q = q * s + 7.839847403e-4;
    q = q * s + 1.233123595e-3;
    q = q * s - 9.201679801e-3;
    q = q * s - 7.307961468e-3;
    q = q * s + 1.539515867e-1;
    q = q * s + 7.160046047e-1;
    return exp(-z * z) * t * q;
}

float gelu(float x)
{
    const float INV_SQRT2 = 0.70710678118654752;
    float z = abs(x) * INV_SQRT2;
    if (z < 1.0)
    {
        // Phi(x) = (1 + erf(x/sqrt2)) / 2 with erf odd.
        float e = gelu_erf_small(z);
        return 0.5 * x * (x < 0.0 ? 1.0 - e : 1.0 + e);
    }

    float c = gelu_erfc_tail(z);
    return x < 0.0 ? 0.5 * x * c : x * (1.0 - 0.5 * c);
}

#endif
