#include "plugin_common.h"

#include <atomic>
#include <cstdio>
#include <cstring>

namespace trt4j
{
namespace
{
std::atomic<nvinfer1::ILoggerFinder*> gLoggerFinder{nullptr};
}

void setLoggerFinderImpl(nvinfer1::ILoggerFinder* finder) noexcept
{
    gLoggerFinder.store(finder);
}

void reportError(std::string const& message) noexcept
{
    std::fprintf(stderr, "[trt4j plugins] %s\n", message.c_str());
    std::fflush(stderr);
    nvinfer1::ILoggerFinder* finder = gLoggerFinder.load();
    if (finder != nullptr)
    {
        try
        {
            nvinfer1::ILogger* logger = finder->findLogger();
            if (logger != nullptr)
            {
                logger->log(nvinfer1::ILogger::Severity::kERROR, ("[trt4j plugins] " + message).c_str());
            }
        }
        catch (...)
        {
            // stderr already has the message
        }
    }
}

bool readAttributes(char const* pluginName, nvinfer1::PluginFieldCollection const* fc,
    std::vector<Attribute> const& attributes, std::vector<int32_t>& values, std::string& error) noexcept
{
    try
    {
        values.clear();
        for (Attribute const& attribute : attributes)
        {
            values.push_back(attribute.defaultValue);
        }
        std::string const prefix = std::string(pluginName) + ": ";
        if (fc == nullptr || fc->nbFields == 0)
        {
            return true;
        }
        if (fc->nbFields < 0 || fc->fields == nullptr)
        {
            error = prefix + "malformed plugin field collection (nbFields " + std::to_string(fc->nbFields) + ")";
            return false;
        }
        for (int32_t i = 0; i < fc->nbFields; ++i)
        {
            nvinfer1::PluginField const& field = fc->fields[i];
            std::string const name = field.name == nullptr ? std::string("<null>") : std::string(field.name);
            size_t index = attributes.size();
            for (size_t a = 0; a < attributes.size(); ++a)
            {
                if (name == attributes[a].name)
                {
                    index = a;
                }
            }
            if (index == attributes.size())
            {
                std::string known;
                for (Attribute const& attribute : attributes)
                {
                    known += (known.empty() ? "" : ", ") + std::string(attribute.name);
                }
                error = prefix + "unknown plugin field '" + name + "' (known fields: "
                    + (known.empty() ? std::string("none") : known) + ")";
                return false;
            }
            Attribute const& attribute = attributes[index];
            bool const isFloat = attribute.type == nvinfer1::PluginFieldType::kFLOAT32;
            if (field.type != attribute.type || field.length != 1 || field.data == nullptr)
            {
                error = prefix + "field '" + name + "' must be one " + (isFloat ? "FLOAT32" : "INT32")
                    + " value (got type " + std::to_string(static_cast<int32_t>(field.type)) + ", length "
                    + std::to_string(field.length) + ")";
                return false;
            }
            int32_t value = 0;
            std::memcpy(&value, field.data, sizeof(value));
            if (!isFloat && (value < attribute.minValue || value > attribute.maxValue))
            {
                error = prefix + "field '" + name + "' = " + std::to_string(value) + " is out of range ["
                    + std::to_string(attribute.minValue) + ", " + std::to_string(attribute.maxValue) + "]";
                return false;
            }
            values[index] = value;
        }
        return true;
    }
    catch (...)
    {
        error = std::string(pluginName) + ": out of host memory while reading plugin fields";
        return false;
    }
}

Attribute floatAttribute(char const* name, float defaultValue) noexcept
{
    int32_t bits = 0;
    std::memcpy(&bits, &defaultValue, sizeof(bits));
    return Attribute{name, bits, 0, 0, nvinfer1::PluginFieldType::kFLOAT32};
}

float fieldFloat(int32_t bits) noexcept
{
    float value = 0.f;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

int64_t volume(nvinfer1::Dims64 const& dims) noexcept
{
    int64_t count = 1;
    for (int32_t i = 0; i < dims.nbDims; ++i)
    {
        count *= dims.d[i];
    }
    return count;
}

FieldSet::FieldSet(std::vector<Attribute> const& attributes, std::vector<int32_t> values)
    : mAttributes(attributes)
    , mValues(std::move(values))
{
    mFields.reserve(mAttributes.size());
}

FieldSet::FieldSet(FieldSet const& other)
    : mAttributes(other.mAttributes)
    , mValues(other.mValues)
{
    mFields.reserve(mAttributes.size());
}

nvinfer1::PluginFieldCollection const* FieldSet::collection() noexcept
{
    // Rebuilt on each call so the pointers always refer to this object's own storage (copies included).
    mFields.clear();
    for (size_t i = 0; i < mAttributes.size(); ++i)
    {
        mFields.emplace_back(mAttributes[i].name, &mValues[i], mAttributes[i].type, 1);
    }
    mCollection.nbFields = static_cast<int32_t>(mFields.size());
    mCollection.fields = mFields.data();
    return &mCollection;
}

} // namespace trt4j
