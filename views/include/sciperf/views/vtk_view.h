#pragma once

#include <QOpenGLWidget>
#include <QSurfaceFormat>
#include <memory>

class vtkRenderWindow;
class vtkRenderer;

namespace sciperf {

// A VTK scene in a QOpenGLWidget. Debian's VTK Qt module is built for Qt 5, so this widget does
// what QVTKOpenGLNativeWidget does: VTK renders into Qt's context inside paintGL and blits into the
// widget's framebuffer; Qt input goes to a trackball-camera interactor.
//
// Rendering happens only in paintGL. After changing the scene, call update().
class VtkView : public QOpenGLWidget {
    Q_OBJECT

public:
    explicit VtkView(QWidget* parent = nullptr);
    ~VtkView() override;

    // OpenGL 3.2 core with depth and stencil buffers, as VTK needs. main() sets it with
    // QSurfaceFormat::setDefaultFormat before creating the QApplication so that every context shares
    // it; each VtkView also asks for it itself.
    static QSurfaceFormat defaultSurfaceFormat();

    vtkRenderer* renderer() const;
    vtkRenderWindow* renderWindow() const;

    // Fits the camera to all visible actors and schedules a repaint.
    void resetCamera();

protected:
    // Whether the last paintGL rendered: it renders nothing when nothing changed since.
    bool renderedInLastPaint() const;

    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int width, int height) override;

    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    // VTK's graphics resources live in this widget's context: free them before it goes away
    // (reparenting to another window replaces the context).
    void releaseGraphics();

    // Holds the VTK objects so that this header needs no VTK include.
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// VTK's version at run time, e.g. "9.1.0".
QString vtkVersionString();

} // namespace sciperf
