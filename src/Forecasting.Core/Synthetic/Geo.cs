namespace Forecasting.Core.Synthetic;

/// <summary>Great-circle distances between warehouse coordinates.</summary>
public static class Geo
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Haversine distance in kilometres between two (latitude, longitude) points in degrees.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        double dLat = Radians(lat2 - lat1);
        double dLon = Radians(lon2 - lon1);
        double a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
