using System.Globalization;

namespace KerasBridge;

/// <summary>Numbers printed and divided as Python does, so the tuner's text matches keras_tuner's.</summary>
internal static class PythonFloat
{
    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, "1.0", "0.30000000000000004", "1e-05".</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        // "R" gives the shortest round-trip digits; re-lay them out by Python's rule (scientific below 1e-4 or from 1e16).
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent;
        var e = shortest.IndexOf('E');
        if (e >= 0)
        {
            digits = shortest[..e].Replace(".", "");
            exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        }
        else
        {
            var dot = shortest.IndexOf('.');
            var integer = dot < 0 ? shortest : shortest[..dot];
            var fraction = dot < 0 ? "" : shortest[(dot + 1)..];
            var all = (integer + fraction).TrimStart('0');
            var leadingZeros = (integer + fraction).Length - (integer + fraction).TrimStart('0').Length;
            digits = all;
            exponent = integer.Length - 1 - leadingZeros;
        }
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        }
        if (digits.Length <= exponent + 1)
        {
            return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        }
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>How Python prints a hyperparameter value: ints and strings as they are, floats by repr, True/False.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => Repr(d),
        float f => Repr(f),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Python's <c>a // b</c> for floats (CPython float_divmod).</summary>
    public static double FloorDiv(double a, double b)
    {
        var mod = a % b;
        var div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0))
        {
            div -= 1.0;
        }
        if (div == 0)
        {
            return 0.0 * (a / b);
        }
        var floor = Math.Floor(div);
        if (div - floor > 0.5)
        {
            floor += 1.0;
        }
        return floor;
    }

    /// <summary>Python's <c>f"{value:.5g}"</c> (keras_tuner's table of values).</summary>
    public static string General5(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return Repr(value);
        }
        if (value == 0)
        {
            return "0";
        }
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(double.Parse(value.ToString("E4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))));
        if (exponent < -4 || exponent >= 5)
        {
            var m = value.ToString("E4", CultureInfo.InvariantCulture); // d.dddd E+xxx
            var mantissa = m[..m.IndexOf('E')].TrimEnd('0').TrimEnd('.');
            var exp = int.Parse(m[(m.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            return $"{mantissa}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        var fixedText = value.ToString("F" + Math.Max(0, 4 - exponent), CultureInfo.InvariantCulture);
        return fixedText.Contains('.') ? fixedText.TrimEnd('0').TrimEnd('.') : fixedText;
    }
}
