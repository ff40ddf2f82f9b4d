//! The optimiser and the linear algebra it needs: a damped Newton ascent (Levenberg–Marquardt
//! on the negative Hessian) given the gradient and the Hessian; a Hessian from central
//! differences of a gradient (to check analytic ones); Cholesky factorisation, solving and
//! inversion of small symmetric matrices.
//! Everything is sequential and deterministic.

/// Cholesky factor `L` (row-major, lower) of the symmetric positive definite `a` (`k × k`), or
/// `None` when `a` is not positive definite.
pub fn cholesky(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for m in 0..j {
                s -= l[i * k + m] * l[j * k + m];
            }
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    Some(l)
}

/// Solve `L Lᵀ x = b`.
pub fn cholesky_solve(l: &[f64], k: usize, b: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; k];
    for i in 0..k {
        let mut s = b[i];
        for m in 0..i {
            s -= l[i * k + m] * y[m];
        }
        y[i] = s / l[i * k + i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        let mut s = y[i];
        for m in i + 1..k {
            s -= l[m * k + i] * x[m];
        }
        x[i] = s / l[i * k + i];
    }
    x
}

/// The inverse of a symmetric positive definite matrix, or `None`.
pub fn spd_inverse(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let l = cholesky(a, k)?;
    let mut inv = vec![0.0; k * k];
    for j in 0..k {
        let mut e = vec![0.0; k];
        e[j] = 1.0;
        let col = cholesky_solve(&l, k, &e);
        for i in 0..k {
            inv[i * k + j] = col[i];
        }
    }
    // Symmetrise the rounding.
    for i in 0..k {
        for j in 0..i {
            let m = 0.5 * (inv[i * k + j] + inv[j * k + i]);
            inv[i * k + j] = m;
            inv[j * k + i] = m;
        }
    }
    Some(inv)
}

/// The Hessian of a function at `x` by central differences of its gradient `grad`,
/// symmetrised (row-major `k × k`).
pub fn hessian(x: &[f64], grad: &mut dyn FnMut(&[f64], &mut [f64])) -> Vec<f64> {
    let k = x.len();
    let mut h = vec![0.0; k * k];
    let mut xp = x.to_vec();
    let mut gp = vec![0.0; k];
    let mut gm = vec![0.0; k];
    for j in 0..k {
        let step = 1e-5 * x[j].abs().max(1.0);
        xp[j] = x[j] + step;
        grad(&xp, &mut gp);
        xp[j] = x[j] - step;
        grad(&xp, &mut gm);
        xp[j] = x[j];
        let width = 2.0 * step;
        for i in 0..k {
            h[i * k + j] = (gp[i] - gm[i]) / width;
        }
    }
    for i in 0..k {
        for j in 0..i {
            let m = 0.5 * (h[i * k + j] + h[j * k + i]);
            h[i * k + j] = m;
            h[j * k + i] = m;
        }
    }
    h
}

/// What the ascent reached.
#[derive(Debug, Clone)]
pub struct Maximum {
    /// The maximiser.
    pub x: Vec<f64>,
    /// The value there.
    pub value: f64,
    /// The gradient's largest absolute component there.
    pub gradient_max: f64,
    /// Newton iterations made.
    pub iterations: usize,
    /// The Hessian there (row-major).
    pub hessian: Vec<f64>,
}

/// The largest number of Newton iterations.
pub const MAX_ITERATIONS: usize = 500;
/// Converged when no gradient component exceeds this.
pub const GRADIENT_TOLERANCE: f64 = 1e-9;

/// A function writing a gradient into its second argument and returning the Hessian.
pub type GradHess<'a> = dyn FnMut(&[f64], &mut [f64]) -> Vec<f64> + 'a;

/// Maximise `f` from `x0`: `value(x)` gives the function (non-finite when undefined),
/// `grad_hess(x, g)` its gradient (into `g`) and its Hessian (returned, row-major). Returns
/// `None` when no finite value is found.
pub fn maximise(
    x0: &[f64],
    value: &mut dyn FnMut(&[f64]) -> f64,
    grad_hess: &mut GradHess<'_>,
) -> Option<Maximum> {
    let k = x0.len();
    let mut x = x0.to_vec();
    let mut fx = value(&x);
    if !fx.is_finite() {
        return None;
    }
    let mut g = vec![0.0; k];
    let mut lambda = 0.0f64;
    let mut iterations = 0;
    loop {
        let h = grad_hess(&x, &mut g);
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if gmax.is_nan() || gmax < GRADIENT_TOLERANCE || iterations >= MAX_ITERATIONS || k == 0 {
            return Some(Maximum {
                x,
                value: fx,
                gradient_max: gmax,
                iterations,
                hessian: h,
            });
        }
        iterations += 1;
        let scale = (0..k)
            .fold(0.0f64, |m, i| m.max(h[i * k + i].abs()))
            .max(1e-12);
        let mut improved = false;
        for _ in 0..60 {
            let mut a: Vec<f64> = h.iter().map(|v| -v).collect();
            for i in 0..k {
                a[i * k + i] += lambda * scale;
            }
            let Some(l) = cholesky(&a, k) else {
                lambda = (lambda * 10.0).max(1e-8);
                continue;
            };
            let d = cholesky_solve(&l, k, &g);
            let xn: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + b).collect();
            let fnew = value(&xn);
            if fnew.is_finite() && fnew >= fx {
                let gain = fnew - fx;
                x = xn;
                fx = fnew;
                lambda /= 10.0;
                if lambda < 1e-12 {
                    lambda = 0.0;
                }
                improved = gain > 0.0 || gmax < 1e-6;
                break;
            }
            lambda = (lambda * 10.0).max(1e-8);
        }
        if !improved {
            // No step gains: the gradient is as small as rounding lets it be.
            let hessian = grad_hess(&x, &mut g);
            let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            return Some(Maximum {
                x,
                value: fx,
                gradient_max: gmax,
                iterations,
                hessian,
            });
        }
    }
}
