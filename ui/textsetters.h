#pragma once

#include <functional>
#include <utility>
#include <vector>

namespace herd {

// The texts a widget shows that come from tr(): each is set by a small function, run once
// when it is added and again by apply() when the language changes (a widget's changeEvent
// on QEvent::LanguageChange calls its retranslateUi(), which calls apply()). One place per
// text, whether it is set the first time or the tenth.
class TextSetters final
{
public:
    void add(std::function<void()> setter)
    {
        setter();
        m_setters.push_back(std::move(setter));
    }
    void apply() const
    {
        for (const auto &setter : m_setters)
            setter();
    }

private:
    std::vector<std::function<void()>> m_setters;
};

} // namespace herd
