namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddQuantized(List<IOpSchema> list)
    {
        list.Add(new TfliteQuantizeSchema());
        list.Add(new TfliteDequantizeSchema());
    }
}
