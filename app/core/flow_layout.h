#pragma once
// FlowLayout: items left to right, wrapping to a new row where the width ends, as words do. A
// workspace's controls stay whole and reachable in a narrow window instead of scrolling sideways.

#include <QLayout>
#include <QList>

namespace sciperf {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    // A row of `widgets` that wraps as one item.
    void addGroup(const QList<QWidget*>& widgets);

    void addItem(QLayoutItem* item) override;
    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in `rect` (only computes where `place` is false); returns the height used.
    int arrange(const QRect& rect, bool place) const;

    QList<QLayoutItem*> m_items;
};

} // namespace sciperf
