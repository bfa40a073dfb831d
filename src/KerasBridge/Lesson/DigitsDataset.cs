namespace KerasBridge;

/// <summary>
/// scikit-learn's handwritten digits (<c>sklearn.datasets.load_digits</c>): 1,797 grey 8×8 images of the digits
/// 0–9, pixel values 0–16. Shipped with scikit-learn, so nothing is downloaded.
/// </summary>
public sealed class DigitsDataset
{
    internal DigitsDataset(float[,,] images, int[] target)
    {
        Images = images;
        Target = target;
    }

    /// <summary>The images, samples × 8 rows × 8 columns, values 0–16 (<c>digits.images</c>).</summary>
    public float[,,] Images { get; }

    /// <summary>The digit each image shows, 0–9 (<c>digits.target</c>).</summary>
    public int[] Target { get; }

    /// <summary>The number of images.</summary>
    public int Count => Target.Length;

    /// <summary>The class names in class-id order: "0" to "9".</summary>
    public IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The images as Keras's Conv2D expects them, samples × 8 × 8 × 1 channel, each pixel multiplied by
    /// <paramref name="scale"/> (1/16 gives values in [0, 1]).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">scale is not a finite number greater than 0.</exception>
    public float[,,,] ImagesWithChannel(float scale = 1f)
    {
        if (!(scale > 0) || float.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Expected a finite scale > 0; got {scale}.");
        }
        var (n, h, w) = (Images.GetLength(0), Images.GetLength(1), Images.GetLength(2));
        var result = new float[n, h, w, 1];
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < h; r++)
            {
                for (var c = 0; c < w; c++)
                {
                    result[i, r, c, 0] = Images[i, r, c] * scale;
                }
            }
        }
        return result;
    }
}
