#include "csv_table.h"

#include "sciperf/analysis/tracking/csv.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace sciperf::tracking::detail {
namespace {

std::string_view withoutCarriageReturn(std::string_view line) {
    return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

std::string at(const std::string& file, std::size_t line) {
    return file + ":" + std::to_string(line) + ": ";
}

template <class T> constexpr const char* typeName() {
    return std::is_floating_point_v<T> ? "number" : "integer";
}

// The whole field must be one number of the column's type.
template <class T> bool appendNumber(std::string_view field, std::vector<T>& values) {
    T value{};
    const char* end = field.data() + field.size();
    const auto [stop, error] = std::from_chars(field.data(), end, value);
    if (error != std::errc{} || stop != end || field.empty())
        return false;
    values.push_back(value);
    return true;
}

} // namespace

Result<void> parseTable(std::string_view text, const std::string& file,
                        std::span<const InputColumn> columns) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return fail(at(file, 1) + "empty file, no header");
    std::size_t position = text.find('\n');
    const std::string_view header = withoutCarriageReturn(text.substr(0, position));
    position = position == std::string_view::npos ? text.size() : position + 1;

    std::vector<std::string_view> names;
    for (std::size_t begin = 0;;) {
        const std::size_t comma = header.find(',', begin);
        names.push_back(header.substr(begin, comma - begin));
        if (comma == std::string_view::npos)
            break;
        begin = comma + 1;
    }
    // columnOfField[f]: the index in `columns` that field f fills, or -1 for a skipped field.
    std::vector<int> columnOfField(names.size(), -1);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto found = std::find(names.begin(), names.end(), columns[c].name);
        if (found == names.end()) {
            if (columns[c].required)
                return fail(at(file, 1) + "no column '" + std::string(columns[c].name) + "'");
            continue;
        }
        if (std::find(found + 1, names.end(), columns[c].name) != names.end())
            return fail(at(file, 1) + "column '" + std::string(columns[c].name) + "' appears twice");
        columnOfField[std::size_t(found - names.begin())] = int(c);
    }

    const auto expectedRows =
        std::size_t(std::count(text.begin() + std::ptrdiff_t(position), text.end(), '\n'));
    for (const InputColumn& column : columns)
        std::visit([&](auto* values) { values->reserve(values->size() + expectedRows); }, column.values);

    for (std::size_t lineNumber = 2; position < text.size(); ++lineNumber) {
        std::size_t lineEnd = text.find('\n', position);
        if (lineEnd == std::string_view::npos)
            lineEnd = text.size();
        const std::string_view line = withoutCarriageReturn(text.substr(position, lineEnd - position));
        position = lineEnd + 1;
        if (line.empty())
            continue;

        std::size_t field = 0;
        for (std::size_t begin = 0; begin <= line.size(); ++field) {
            const void* comma = std::memchr(line.data() + begin, ',', line.size() - begin);
            const std::size_t end =
                comma ? std::size_t(static_cast<const char*>(comma) - line.data()) : line.size();
            if (field < names.size() && columnOfField[field] >= 0) {
                const InputColumn& column = columns[std::size_t(columnOfField[field])];
                const std::string_view value = line.substr(begin, end - begin);
                if (!std::visit([&](auto* values) { return appendNumber(value, *values); }, column.values)) {
                    const char* expected = std::visit(
                        [](auto* values) {
                            return typeName<typename std::remove_pointer_t<decltype(values)>::value_type>();
                        },
                        column.values);
                    return fail(at(file, lineNumber) + "column '" + std::string(column.name) + "': '" +
                                std::string(value) + "' is not a valid " + expected);
                }
            }
            begin = end + 1;
        }
        if (field != names.size())
            return fail(at(file, lineNumber) + std::to_string(field) + " fields, the header has " +
                        std::to_string(names.size()));
    }
    return {};
}

void writeTable(std::ostream& out, std::span<const OutputColumn> columns) {
    const std::size_t rows = std::visit([](auto* values) { return values->size(); }, columns.front().values);
    std::vector<const OutputColumn*> written;
    for (const OutputColumn& column : columns) {
        const std::size_t size = std::visit([](auto* values) { return values->size(); }, column.values);
        if (column.required || (size == rows && rows > 0))
            written.push_back(&column);
    }

    std::string buffer;
    constexpr std::size_t kFlushBytes = 1 << 20;
    buffer.reserve(kFlushBytes + 4096);
    for (std::size_t c = 0; c < written.size(); ++c) {
        buffer += c ? "," : "";
        buffer += written[c]->name;
    }
    buffer += '\n';
    char number[64];
    for (std::size_t row = 0; row < rows; ++row) {
        for (std::size_t c = 0; c < written.size(); ++c) {
            if (c)
                buffer += ',';
            char* end = std::visit(
                [&](auto* values) {
                    return std::to_chars(number, number + sizeof number, (*values)[row]).ptr;
                },
                written[c]->values);
            buffer.append(number, std::size_t(end - number));
        }
        buffer += '\n';
        if (buffer.size() >= kFlushBytes) {
            out.write(buffer.data(), std::streamsize(buffer.size()));
            buffer.clear();
        }
    }
    out.write(buffer.data(), std::streamsize(buffer.size()));
}

Result<void> readTable(const std::string& file, std::span<const InputColumn> columns) {
    const Result<std::string> text = readText(file);
    if (!text)
        return text.error();
    return parseTable(text.value(), file, columns);
}

} // namespace sciperf::tracking::detail
