#include "sciperf/views/vtk_view.h"

#include <QEnterEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QWheelEvent>
#include <algorithm>
#include <string>
#include <vector>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkLight.h>
#include <vtkLightCollection.h>
#include <vtkNew.h>
#include <vtkOpenGLState.h>
#include <vtkProp.h>
#include <vtkPropCollection.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>
#include <vtkVersion.h>

namespace sciperf {

namespace {

// One notch of a mouse wheel in QWheelEvent::angleDelta units (eighths of a degree).
constexpr int kWheelNotch = 120;
// VTK's DPI at a device pixel ratio of 1 (vtkWindow's default); text scales with it.
constexpr double kUnscaledDpi = 72.0;

unsigned long vtkButtonEvent(Qt::MouseButton button, bool press) {
    switch (button) {
    case Qt::LeftButton:
        return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
        return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
        return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default:
        return vtkCommand::NoEvent;
    }
}

// The X11 key name VTK observers compare against (what vtkXRenderWindowInteractor reports).
std::string keySym(const QKeyEvent& event) {
    const int key = event.key();
    if (key >= Qt::Key_F1 && key <= Qt::Key_F12) {
        return "F" + std::to_string(key - Qt::Key_F1 + 1);
    }
    switch (key) {
    case Qt::Key_Backspace:
        return "BackSpace";
    case Qt::Key_Tab:
        return "Tab";
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return "Return";
    case Qt::Key_Escape:
        return "Escape";
    case Qt::Key_Space:
        return "space";
    case Qt::Key_Delete:
        return "Delete";
    case Qt::Key_Insert:
        return "Insert";
    case Qt::Key_Home:
        return "Home";
    case Qt::Key_End:
        return "End";
    case Qt::Key_PageUp:
        return "Prior";
    case Qt::Key_PageDown:
        return "Next";
    case Qt::Key_Left:
        return "Left";
    case Qt::Key_Up:
        return "Up";
    case Qt::Key_Right:
        return "Right";
    case Qt::Key_Down:
        return "Down";
    case Qt::Key_Shift:
        return "Shift_L";
    case Qt::Key_Control:
        return "Control_L";
    case Qt::Key_Alt:
        return "Alt_L";
    case Qt::Key_Plus:
        return "plus";
    case Qt::Key_Minus:
        return "minus";
    default:
        break;
    }
    // Letters and digits are their own key names.
    const QString text = event.text();
    if (text.size() == 1 && text[0].isLetterOrNumber() && text[0].unicode() < 128) {
        return text.toStdString();
    }
    return "None";
}

} // namespace

class VtkView::Impl {
public:
    explicit Impl(VtkView* view)
        : m_view(view) {
        m_renderWindow->SetOwnContext(false);
        // Frame() blits VTK's framebuffer into whatever paintGL has bound: the widget's FBO.
        m_renderWindow->SetFrameBlitModeToBlitToCurrent();
        m_renderWindow->AddRenderer(m_renderer);
        m_windowObservers = {
            m_renderWindow->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &Impl::onMakeCurrent),
            m_renderWindow->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &Impl::onIsCurrent),
        };

        vtkNew<vtkInteractorStyleTrackballCamera> style;
        m_interactor->SetInteractorStyle(style);
        m_interactor->SetRenderWindow(m_renderWindow);
        // The interactor must not render on its own (outside paintGL, possibly without a current
        // context): its render requests become repaint requests.
        m_interactor->EnableRenderOff();
        m_renderObserver = m_interactor->AddObserver(vtkCommand::RenderEvent, this, &Impl::onRenderRequested);
        m_interactor->Initialize();
    }

    ~Impl() {
        // The render window may outlive this object if someone else holds a reference.
        for (const unsigned long id : m_windowObservers) {
            m_renderWindow->RemoveObserver(id);
        }
        m_interactor->RemoveObserver(m_renderObserver);
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void onMakeCurrent() {
        // QOpenGLWidget::makeCurrent() also binds the widget's framebuffer, behind the back of VTK's
        // cached GL state: in the middle of a render VTK then attaches its textures to Qt's framebuffer.
        if (QOpenGLContext::currentContext() != m_view->context()) {
            m_view->makeCurrent();
        }
    }

    void onIsCurrent(vtkObject*, unsigned long, void* callData) {
        *static_cast<bool*>(callData) =
            m_view->context() != nullptr && QOpenGLContext::currentContext() == m_view->context();
    }

    void onRenderRequested() { m_view->update(); }

    // The newest modification of anything the picture depends on: the window, the renderer, its
    // camera and lights, and every prop with its mapper, input and properties.
    // Over every renderer of the window: a view may draw in layers (EventDisplay's selection).
    vtkMTimeType sceneStamp() const {
        vtkMTimeType stamp = m_renderWindow->GetMTime();
        vtkCollectionSimpleIterator renderers;
        m_renderWindow->GetRenderers()->InitTraversal(renderers);
        while (vtkRenderer* renderer = m_renderWindow->GetRenderers()->GetNextRenderer(renderers)) {
            stamp = std::max({stamp, renderer->GetMTime(), renderer->GetActiveCamera()->GetMTime()});
            vtkCollectionSimpleIterator it;
            vtkPropCollection* props = renderer->GetViewProps();
            props->InitTraversal(it);
            while (vtkProp* prop = props->GetNextProp(it))
                stamp = std::max(stamp, prop->GetRedrawMTime());
            vtkLightCollection* lights = renderer->GetLights();
            lights->InitTraversal(it);
            while (vtkLight* light = lights->GetNextLight(it))
                stamp = std::max(stamp, light->GetMTime());
        }
        return stamp;
    }

    // VTK wants physical pixels with y up; Qt gives logical pixels with y down.
    void setEventInformation(const QPointF& position, Qt::KeyboardModifiers modifiers, int repeatCount = 0) {
        const double ratio = m_view->devicePixelRatioF();
        m_interactor->SetEventInformationFlipY(
            static_cast<int>(position.x() * ratio), static_cast<int>(position.y() * ratio),
            modifiers.testFlag(Qt::ControlModifier), modifiers.testFlag(Qt::ShiftModifier), 0, repeatCount);
        m_interactor->SetAltKey(modifiers.testFlag(Qt::AltModifier));
    }

    void forwardMouseButton(const QMouseEvent& event, bool press, int repeatCount = 0) {
        const unsigned long vtkEvent = vtkButtonEvent(event.button(), press);
        if (vtkEvent == vtkCommand::NoEvent) {
            return;
        }
        setEventInformation(event.position(), event.modifiers(), repeatCount);
        m_interactor->InvokeEvent(vtkEvent);
    }

    void forwardKey(const QKeyEvent& event, bool press) {
        const Qt::KeyboardModifiers modifiers = event.modifiers();
        const QString text = event.text();
        const char keyCode = text.size() == 1 && text[0].unicode() < 128 ? text[0].toLatin1() : 0;
        const std::string sym = keySym(event);
        m_interactor->SetKeyEventInformation(modifiers.testFlag(Qt::ControlModifier),
                                             modifiers.testFlag(Qt::ShiftModifier), keyCode, event.count(),
                                             sym.c_str());
        m_interactor->SetAltKey(modifiers.testFlag(Qt::AltModifier));
        if (!press) {
            m_interactor->InvokeEvent(vtkCommand::KeyReleaseEvent);
            return;
        }
        m_interactor->InvokeEvent(vtkCommand::KeyPressEvent);
        if (keyCode != 0) {
            m_interactor->InvokeEvent(vtkCommand::CharEvent);
        }
    }

    void forwardWheel(const QWheelEvent& event) {
        m_wheelDelta += event.angleDelta().y();
        setEventInformation(event.position(), event.modifiers());
        for (; m_wheelDelta >= kWheelNotch; m_wheelDelta -= kWheelNotch) {
            m_interactor->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
        }
        for (; m_wheelDelta <= -kWheelNotch; m_wheelDelta += kWheelNotch) {
            m_interactor->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
        }
    }

    VtkView* m_view;
    vtkNew<vtkGenericOpenGLRenderWindow> m_renderWindow;
    vtkNew<vtkRenderer> m_renderer;
    vtkNew<vtkGenericRenderWindowInteractor> m_interactor;
    std::vector<unsigned long> m_windowObservers;
    unsigned long m_renderObserver = 0;
    // Trackpads send fractions of a notch; VTK zooms one step per whole notch.
    int m_wheelDelta = 0;
    bool m_glInitialized = false;
    // sceneStamp() after the last render; 0 when the framebuffer does not hold that render.
    vtkMTimeType m_renderedStamp = 0;
    bool m_renderedInLastPaint = false;
};

VtkView::VtkView(QWidget* parent)
    : QOpenGLWidget(parent)
    , m_impl(std::make_unique<Impl>(this)) {
    setFormat(defaultSurfaceFormat());
    // The framebuffer keeps the last picture, so a paint Qt asks for on its own (the second one
    // of a first show, an expose) shows it again instead of rendering an unchanged scene anew:
    // about one frame time each, 0.2-0.5 s for a full event under llvmpipe.
    setUpdateBehavior(QOpenGLWidget::PartialUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

VtkView::~VtkView() {
    releaseGraphics();
}

QSurfaceFormat VtkView::defaultSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    // VTK multisamples in its own framebuffer; the context needs none.
    format.setSamples(0);
    return format;
}

vtkRenderer* VtkView::renderer() const {
    return m_impl->m_renderer;
}

vtkRenderWindow* VtkView::renderWindow() const {
    return m_impl->m_renderWindow;
}

void VtkView::resetCamera() {
    m_impl->m_renderer->ResetCamera();
    update();
}

void VtkView::initializeGL() {
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGraphics);
    m_impl->m_renderWindow->OpenGLInitContext();
    m_impl->m_glInitialized = true;
    m_impl->m_renderedStamp = 0;
}

bool VtkView::renderedInLastPaint() const {
    return m_impl->m_renderedInLastPaint;
}

void VtkView::paintGL() {
    m_impl->m_renderedInLastPaint = false;
    if (m_impl->m_renderedStamp != 0 && m_impl->sceneStamp() <= m_impl->m_renderedStamp)
        return;
    m_impl->m_renderedInLastPaint = true;
    vtkGenericOpenGLRenderWindow& window = *m_impl->m_renderWindow;
    vtkOpenGLState* state = window.GetState();
    // Qt changed the GL state behind VTK's cache; re-read it and keep Qt's state for after.
    state->Reset();
    state->Push();
    // Qt leaves GL_LESS; VTK draws coincident geometry (edges on surfaces) with GL_LEQUAL.
    state->vtkglDepthFunc(GL_LEQUAL);
    window.SetReadyForRendering(true);
    window.Render();
    window.SetReadyForRendering(false);
    state->Pop();
    // After the render: rendering itself touches the camera (clipping range) and text props.
    m_impl->m_renderedStamp = m_impl->sceneStamp();

    // VTK leaves alpha below 1 where it blends translucent surfaces; the widget is opaque.
    QOpenGLFunctions* gl = context()->functions();
    gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    gl->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

void VtkView::resizeGL(int width, int height) {
    const double ratio = devicePixelRatioF();
    // Sets the render window's size too, in physical pixels like the events.
    m_impl->m_interactor->UpdateSize(qRound(width * ratio), qRound(height * ratio));
    m_impl->m_renderWindow->SetDPI(qRound(kUnscaledDpi * ratio));
    m_impl->m_renderedStamp = 0;
}

void VtkView::releaseGraphics() {
    if (!m_impl->m_glInitialized) {
        return;
    }
    makeCurrent();
    m_impl->m_renderWindow->Finalize();
    doneCurrent();
    disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGraphics);
    m_impl->m_glInitialized = false;
}

void VtkView::mousePressEvent(QMouseEvent* event) {
    m_impl->forwardMouseButton(*event, true);
}

void VtkView::mouseDoubleClickEvent(QMouseEvent* event) {
    // VTK recognises a double click as a press with a repeat count.
    m_impl->forwardMouseButton(*event, true, 1);
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
    m_impl->forwardMouseButton(*event, false);
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
    m_impl->setEventInformation(event->position(), event->modifiers());
    m_impl->m_interactor->InvokeEvent(vtkCommand::MouseMoveEvent);
}

void VtkView::wheelEvent(QWheelEvent* event) {
    m_impl->forwardWheel(*event);
}

void VtkView::keyPressEvent(QKeyEvent* event) {
    m_impl->forwardKey(*event, true);
}

void VtkView::keyReleaseEvent(QKeyEvent* event) {
    m_impl->forwardKey(*event, false);
}

void VtkView::enterEvent(QEnterEvent* event) {
    m_impl->setEventInformation(event->position(), event->modifiers());
    m_impl->m_interactor->InvokeEvent(vtkCommand::EnterEvent);
}

void VtkView::leaveEvent(QEvent* /*event*/) {
    m_impl->m_interactor->InvokeEvent(vtkCommand::LeaveEvent);
}

QString vtkVersionString() {
    return QString::fromLatin1(vtkVersion::GetVTKVersion());
}

} // namespace sciperf
