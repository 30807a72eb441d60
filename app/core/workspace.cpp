#include "workspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace sciperf {

Workspace::Workspace(const QString& emptyTitle, const QString& emptyExplanation, QWidget* content,
                     QWidget* parent)
    : QWidget(parent)
    , m_content(content)
    , m_emptyState(new QWidget(this))
    , m_buttonRow(new QWidget(m_emptyState))
    , m_stack(new QStackedLayout(this)) {
    auto* title = new QLabel(emptyTitle, m_emptyState);
    title->setObjectName(QStringLiteral("emptyTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* explanation = new QLabel(emptyExplanation, m_emptyState);
    explanation->setObjectName(QStringLiteral("emptyExplanation"));
    explanation->setWordWrap(true);
    explanation->setAlignment(Qt::AlignCenter);
    explanation->setMaximumWidth(620);
    explanation->setTextFormat(Qt::RichText);

    auto* buttons = new QHBoxLayout(m_buttonRow);
    buttons->setContentsMargins(0, 12, 0, 0);

    auto* layout = new QVBoxLayout(m_emptyState);
    layout->addStretch(2);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    // Centred by stretches, not by an alignment flag: only then does the layout give the
    // word-wrapped text the height it needs at its width.
    auto* explanationRow = new QHBoxLayout;
    explanationRow->addStretch();
    explanationRow->addWidget(explanation, 1);
    explanationRow->addStretch();
    layout->addLayout(explanationRow);
    layout->addWidget(m_buttonRow, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_content);
    m_stack->setCurrentWidget(m_emptyState);
}

QPushButton* Workspace::addEmptyStateAction(const QString& text, const QString& unavailableReason) {
    auto* button = new QPushButton(text, m_buttonRow);
    if (!unavailableReason.isEmpty()) {
        button->setEnabled(false);
        button->setToolTip(unavailableReason);
    }
    m_buttonRow->layout()->addWidget(button);
    return button;
}

void Workspace::showContent(bool visible) {
    m_stack->setCurrentWidget(visible ? m_content : m_emptyState);
}

bool Workspace::isShowingContent() const {
    return m_stack->currentWidget() == m_content;
}

} // namespace sciperf
