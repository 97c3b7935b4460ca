// Shared plumbing of the trt4j plugins: error reporting, plugin-field parsing, and the two base classes that turn a
// small plugin description (name, fields, shapes, formats, enqueue) into a full IPluginV3 + IPluginCreatorV3One.
#pragma once

#include "trt_plugin_abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trt4j
{

constexpr char const* kPluginNamespace = "trt4j";

// Writes "[trt4j plugins] <message>" to stderr and, when TensorRT handed the library a logger finder, to the
// logger of the builder/runtime that called into the plugin. Never throws.
void reportError(std::string const& message) noexcept;

// Stores the logger finder TensorRT passes to setLoggerFinder().
void setLoggerFinderImpl(nvinfer1::ILoggerFinder* finder) noexcept;

// A 32-bit plugin field: its name, default, inclusive valid range and type. INT32 fields are range-checked here.
// FLOAT32 fields travel as their IEEE bits in the same int32 slots (floatAttribute, fieldFloat); the range members
// are unused and the plugin's validate() checks the value.
struct Attribute
{
    char const* name;
    int32_t defaultValue;
    int32_t minValue;
    int32_t maxValue;
    nvinfer1::PluginFieldType type{nvinfer1::PluginFieldType::kINT32};
};

// A FLOAT32 attribute with this default.
Attribute floatAttribute(char const* name, float defaultValue) noexcept;

// The float a FLOAT32 attribute's slot holds.
float fieldFloat(int32_t bits) noexcept;

// Reads the attributes of `attributes` from `fc` into `values` (same order). Missing fields keep their defaults;
// an unknown field name, a wrong type or length, or an INT32 value out of range is an error whose text names the
// plugin, the field and the accepted values. Returns false on error and fills `error`.
bool readAttributes(char const* pluginName, nvinfer1::PluginFieldCollection const* fc,
    std::vector<Attribute> const& attributes, std::vector<int32_t>& values, std::string& error) noexcept;

// Number of elements of a tensor, the product of its dimensions.
int64_t volume(nvinfer1::Dims64 const& dims) noexcept;

// Holds a plugin's serializable 32-bit fields and the PluginFieldCollection that points into them.
class FieldSet
{
public:
    FieldSet(std::vector<Attribute> const& attributes, std::vector<int32_t> values);
    FieldSet(FieldSet const& other);
    FieldSet& operator=(FieldSet const&) = delete;

    int32_t value(size_t index) const noexcept
    {
        return mValues[index];
    }
    nvinfer1::PluginFieldCollection const* collection() noexcept;

private:
    std::vector<Attribute> mAttributes;
    std::vector<int32_t> mValues;
    std::vector<nvinfer1::PluginField> mFields;
    nvinfer1::PluginFieldCollection mCollection{};
};

// Base of every trt4j plugin: one object carries all three capabilities (core, build, runtime), as TensorRT requires
// for plugins added at build time. `Derived` supplies kName, kVersion, the build and runtime methods, and a copy
// constructor (clone and attachToContext copy the plugin).
template <typename Derived>
class PluginV3Base : public nvinfer1::IPluginV3,
                     public nvinfer1::IPluginV3OneCore,
                     public nvinfer1::IPluginV3OneBuild,
                     public nvinfer1::IPluginV3OneRuntime
{
public:
    nvinfer1::IPluginCapability* getCapabilityInterface(nvinfer1::PluginCapabilityType type) noexcept override
    {
        switch (type)
        {
        case nvinfer1::PluginCapabilityType::kCORE: return static_cast<nvinfer1::IPluginV3OneCore*>(this);
        case nvinfer1::PluginCapabilityType::kBUILD: return static_cast<nvinfer1::IPluginV3OneBuild*>(this);
        case nvinfer1::PluginCapabilityType::kRUNTIME: return static_cast<nvinfer1::IPluginV3OneRuntime*>(this);
        }
        return nullptr;
    }

    nvinfer1::IPluginV3* clone() noexcept override
    {
        try
        {
            return new Derived(static_cast<Derived const&>(*this));
        }
        catch (...)
        {
            reportError(std::string(Derived::kName) + ": out of host memory while cloning the plugin");
            return nullptr;
        }
    }

    char const* getPluginName() const noexcept override
    {
        return Derived::kName;
    }
    char const* getPluginVersion() const noexcept override
    {
        return Derived::kVersion;
    }
    char const* getPluginNamespace() const noexcept override
    {
        return kPluginNamespace;
    }

    int32_t configurePlugin(nvinfer1::DynamicPluginTensorDesc const*, int32_t, nvinfer1::DynamicPluginTensorDesc const*,
        int32_t) noexcept override
    {
        return 0;
    }

    int32_t getNbOutputs() const noexcept override
    {
        return 1;
    }

    int32_t onShapeChange(
        nvinfer1::PluginTensorDesc const*, int32_t, nvinfer1::PluginTensorDesc const*, int32_t) noexcept override
    {
        return 0;
    }

    nvinfer1::IPluginV3* attachToContext(nvinfer1::IPluginResourceContext*) noexcept override
    {
        return clone();
    }
};

// Creator of plugin `P`: P supplies kName, kVersion, attributes() (its 32-bit fields) and a constructor from the
// parsed values. Bad fields make createPlugin() report the reason and return nullptr.
template <typename P>
class CreatorV3Base : public nvinfer1::IPluginCreatorV3One
{
public:
    CreatorV3Base()
    {
        for (Attribute const& attribute : P::attributes())
        {
            mFieldNames.emplace_back(attribute.name, nullptr, attribute.type, 1);
        }
        mCollection.nbFields = static_cast<int32_t>(mFieldNames.size());
        mCollection.fields = mFieldNames.data();
    }

    nvinfer1::IPluginV3* createPlugin(
        char const* /*name*/, nvinfer1::PluginFieldCollection const* fc, nvinfer1::TensorRTPhase) noexcept override
    {
        try
        {
            std::vector<int32_t> values;
            std::string error;
            if (!readAttributes(P::kName, fc, P::attributes(), values, error))
            {
                reportError(error);
                return nullptr;
            }
            if (!P::validate(values, error))
            {
                reportError(error);
                return nullptr;
            }
            return new P(values);
        }
        catch (...)
        {
            reportError(std::string(P::kName) + ": unexpected failure while creating the plugin");
            return nullptr;
        }
    }

    nvinfer1::PluginFieldCollection const* getFieldNames() noexcept override
    {
        return &mCollection;
    }
    char const* getPluginName() const noexcept override
    {
        return P::kName;
    }
    char const* getPluginVersion() const noexcept override
    {
        return P::kVersion;
    }
    char const* getPluginNamespace() const noexcept override
    {
        return kPluginNamespace;
    }

private:
    std::vector<nvinfer1::PluginField> mFieldNames;
    nvinfer1::PluginFieldCollection mCollection{};
};

} // namespace trt4j
