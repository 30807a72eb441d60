#pragma once
// Workspace: one job of the product (Roofline, Submissions, Scaling, Events, Runs). It shows an
// empty state (what to load or run to fill it, with the buttons that do it) until it has
// content, then the content widget.

#include <QString>
#include <QWidget>

class QPushButton;
class QStackedLayout;
class QVBoxLayout;

namespace sciperf {

class Workspace : public QWidget {
    Q_OBJECT
public:
    Workspace(const QString& emptyTitle, const QString& emptyExplanation, QWidget* content,
              QWidget* parent = nullptr);

    // Adds a button to the empty state. A button whose capability is not built yet is shown
    // disabled, with `unavailableReason` as its tooltip, so the user learns what will fill it.
    QPushButton* addEmptyStateAction(const QString& text, const QString& unavailableReason = {});
    void showContent(bool visible);
    bool isShowingContent() const;
    QWidget* content() const { return m_content; }
    QWidget* emptyState() const { return m_emptyState; }

private:
    QWidget* m_content;
    QWidget* m_emptyState;
    QWidget* m_buttonRow;
    QStackedLayout* m_stack;
};

} // namespace sciperf
