namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddOnnxElementwise(List<IOpSchema> list)
    {
        list.Add(new BroadcastSchema("Add"));
        list.Add(new UnarySchema("Relu"));
    }
}
